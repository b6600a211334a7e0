package dev.usage.event;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Where a conversation happened: a phone call, web chat, a messaging app, or a channel of the
 * host's own.
 *
 * <p>The channels platforms of this kind offer are constants; any other lowercase name is allowed,
 * since new messaging apps appear faster than libraries are released.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param name lowercase letters, digits, {@code _} and {@code -}, 1 to 32 characters
 */
public record Channel(String name) {

  // Declared before the constants: static fields initialise in order, and the constants' own
  // constructor calls read it.
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  /** Voice calls over the platform's telephony or WebRTC. */
  public static final Channel VOICE = new Channel("voice");
  /**
   * Text chat with an assistant that belongs to no named channel: through the platform's API, its
   * playground or a host's own app.
   */
  public static final Channel CHAT = new Channel("chat");
  /** The embeddable web chat widget. */
  public static final Channel WEB_CHAT = new Channel("web_chat");
  /** WhatsApp conversations. */
  public static final Channel WHATSAPP = new Channel("whatsapp");
  /** Calls over the public phone network. */
  public static final Channel PHONE = new Channel("phone");
  /** SMS conversations. */
  public static final Channel SMS = new Channel("sms");
  /** Facebook Messenger conversations. */
  public static final Channel MESSENGER = new Channel("messenger");
  /** Instagram direct messages. */
  public static final Channel INSTAGRAM = new Channel("instagram");
  /** Telegram conversations. */
  public static final Channel TELEGRAM = new Channel("telegram");

  /**
   * Validates the name.
   *
   * @throws IllegalArgumentException if the name is not 1 to 32 lowercase letters, digits, _ or -
   * @param name lowercase letters, digits, {@code _} and {@code -}, 1 to 32 characters
   */
  public Channel {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("channel name '" + name
          + "' must be 1 to 32 lowercase letters, digits, '_' or '-'");
    }
  }

  /**
   * Obtains a channel by name, known or custom.
   *
   * @param name the channel's name
   * @return the channel
   * @throws IllegalArgumentException if the name is malformed
   */
  public static Channel of(String name) {
    return new Channel(name);
  }

  /** {@return whether conversations on this channel are calls (voice or phone) rather than chats} */
  public boolean isVoice() {
    return equals(VOICE) || equals(PHONE);
  }

  @Override
  public String toString() {
    return name;
  }
}
