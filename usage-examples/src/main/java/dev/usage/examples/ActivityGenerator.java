package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dialer;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.event.WorkflowOutcome;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a workspace's activity of one UTC day: calls with log-normal durations (missed ones
 * included), chats on five channels, SMS with real-looking texts, model completions with cached
 * and audio tokens, speech, workflow runs, campaign dial attempts and the day's gauges.
 *
 * <p>A day's activity depends only on the seed, the workspace, the day and the events per day:
 * its random numbers come from a generator seeded with those, and every fact's id starts with the
 * day ({@code 2026-11-03/call-0042}). Generating the same day again therefore yields the same
 * events with the same ids, which is what makes the demo idempotent across runs and days. Events
 * after {@code notAfter} are dropped, so today's activity grows as the day goes on without
 * changing what came before.
 *
 * <p>This class is immutable and thread-safe.
 */
final class ActivityGenerator {

  /** Local-time weights of each hour of the day: quiet nights, busy office hours. */
  private static final double[] HOURS = {
    1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 5, 8, 9, 9, 7, 8, 9, 9, 8, 6, 4, 3, 2.5, 2, 1.5, 1
  };

  private static final String[] CHAT_CHANNELS = {"web_chat", "whatsapp", "messenger", "instagram", "telegram"};
  private static final double[] CHAT_CHANNEL_WEIGHTS = {40, 25, 12, 12, 11};

  /** Chat models: provider, model and weight. */
  private static final String[][] CHAT_MODELS = {
    {"openai", "gpt-4o-mini", "45"},
    {"openai", "gpt-4o", "15"},
    {"anthropic", "claude-3-5-haiku", "15"},
    {"anthropic", "claude-3-5-sonnet", "10"},
    {"google", "gemini-2.0-flash", "10"},
    {"google", "gemini-1.5-pro", "5"},
  };

  private static final String[] FIRST_NAMES = {
    "Amélie", "João", "Zoë", "Søren", "Chloé", "José", "Mia", "Noah", "Łukasz", "Renée", "Björn", "Ana",
    "François", "Inês", "Mateo", "Aïcha"
  };

  private static final String[] OUTBOUND_SMS = {
    "Hi {first}, your appointment with Dr. Moreau is confirmed for {day} at {time}. Reply C to confirm or R to"
        + " reschedule.",
    "Olá {first}! Sua consulta está confirmada para amanhã às {time}. Até já! 😊",
    "Bonjour {first}, votre commande n° {order} a été expédiée 📦 Suivi : https://trk.example/{order}",
    "Your verification code is {code}. It expires in 10 minutes.",
    "¡Hola {first}! Tu pedido {order} llegará mañana entre las 9 y las 13 h. 🚚",
    "Grüß Gott {first}! Ihre Rechnung über {amount} € ist am {day} fällig. Vielen Dank für Ihr Vertrauen.",
    "Thanks for calling today, {first}. As promised, here is a summary: your ticket {order} is open, a technician"
        + " will call you back within 24 hours, and you can reply to this message at any time to add details or"
        + " photos. Have a great day!",
    "Rappel : votre rendez-vous est prévu le {day} à {time}. Répondez OUI pour confirmer ✅",
  };

  private static final String[] CAMPAIGN_SMS = {
    "{first}, Black Friday starts now 🎉 -30 % on all plans until Sunday. Reply STOP to opt out.",
    "Hi {first}! Your plan renews on {day}. Renew today and get 2 months free. Reply YES to renew, STOP to opt out.",
    "Bonjour {first} ! Un détartrage offert pour tout blanchiment réservé avant le {day} ✨ Répondez STOP pour vous"
        + " désabonner.",
  };

  private static final String[] INBOUND_SMS = {
    "C", "Yes please", "Can we move it to Friday?", "Merci beaucoup 🙏", "STOP", "Obrigado! 👍",
    "¿Puedo pagar con tarjeta?", "Where is my order??", "ok 👌", "Ich komme 10 Minuten später, Entschuldigung!",
    "OUI", "R",
  };

  private static final String[] AI_SMS_REPLIES = {
    "Done! You're booked for Friday at 10:00. See you then 😊",
    "Your order {order} left our warehouse this morning and should arrive tomorrow.",
    "C'est noté, à bientôt ! 👋",
    "Sim, aceitamos cartão de crédito e Pix. 💳",
    "You have been unsubscribed and will receive no more messages.",
  };

  private final long seed;
  private final int eventsPerDay;

  /**
   * Creates a generator.
   *
   * @param seed the seed of every random choice
   * @param eventsPerDay usage events per workspace and day on average, before the workspace's scale
   */
  ActivityGenerator(long seed, int eventsPerDay) {
    this.seed = seed;
    this.eventsPerDay = eventsPerDay;
  }

  /**
   * Returns a workspace's usage events of one UTC day that happened before {@code notAfter}, in
   * time order.
   *
   * @param workspace whose activity
   * @param day the UTC day
   * @param notAfter events at or after this instant are left out
   * @return the events, ordered by time, then id
   */
  List<UsageEvent> day(Workspace workspace, LocalDate day, Instant notAfter) {
    requireNonNull(notAfter, "notAfter");
    List<UsageEvent> all = new DayBuilder(workspace, day).build();
    List<UsageEvent> kept = new ArrayList<>(all.size());
    for (UsageEvent e : all) {
      if (e.occurredAt().isBefore(notAfter)) {
        kept.add(e);
      }
    }
    return kept;
  }

  private long daySeed(Workspace workspace, LocalDate day) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h ^= (workspace.index() + 1L) * 0xC2B2AE3D27D4EB4FL;
    h ^= day.toEpochDay() * 0x165667B19E3779F9L;
    return h;
  }

  /** One workspace-day; not thread-safe, used once. */
  private final class DayBuilder {
    private final Workspace ws;
    private final LocalDate day;
    private final Instant dayStart;
    private final SplittableRandom rng;
    private final List<UsageEvent> events = new ArrayList<>();
    private final List<long[]> voiceCalls = new ArrayList<>();
    private final int[] counters = new int[8];
    private final double workflowFailureRate;

    DayBuilder(Workspace ws, LocalDate day) {
      this.ws = ws;
      this.day = day;
      this.dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      this.rng = new SplittableRandom(daySeed(ws, day));
      // about one day in ten has an incident during which many workflow runs fail
      this.workflowFailureRate = rng.nextDouble() < 0.1 ? 0.35 : 0.06;
    }

    List<UsageEvent> build() {
      double weekday = switch (day.getDayOfWeek()) {
        case SATURDAY -> 0.55;
        case SUNDAY -> 0.4;
        default -> 1.0;
      };
      long target = Math.max(1, Math.round(eventsPerDay * ws.scale() * weekday * (0.85 + 0.3 * rng.nextDouble())));
      Workspace.Mix mix = ws.mix();
      while (events.size() < target) {
        int pick = rng.nextInt(mix.total());
        if ((pick -= mix.inboundCalls()) < 0) {
          call(Direction.INBOUND);
        } else if ((pick -= mix.outboundCalls()) < 0) {
          call(Direction.OUTBOUND);
        } else if ((pick -= mix.chats()) < 0) {
          chat();
        } else if ((pick -= mix.sms()) < 0) {
          sms();
        } else if ((pick -= mix.workflows()) < 0) {
          workflow();
        } else if ((pick -= mix.dialAttempts()) < 0) {
          dialAttempt();
        } else {
          ringless();
        }
      }
      gauges();
      events.sort(Comparator.comparing(UsageEvent::occurredAt).thenComparing(e -> e.id().value()));
      return events;
    }

    private void call(Direction direction) {
      boolean inbound = direction == Direction.INBOUND;
      String id = nextId(inbound ? 0 : 1, inbound ? "in" : "out");
      Instant start = at();
      Channel channel = rng.nextDouble() < 0.85 ? Channel.PHONE : Channel.VOICE;
      boolean ai = rng.nextDouble() < (inbound ? 0.7 : 0.35);
      String assistant = ai ? pick(ws.assistants()) : null;
      String member = !ai || rng.nextDouble() < 0.25 ? pick(ws.members()) : null;
      Dimensions.Builder b = Dimensions.builder().contact(contact()).callId(id).channel(channel);
      if (assistant != null) {
        b.assistant(assistant);
      }
      if (member != null) {
        b.member(member);
      }
      Dimensions speech = b.build();
      b.phoneNumber(pick(ws.phoneNumbers()));
      if (!inbound && !ws.campaigns().isEmpty() && rng.nextDouble() < 0.5) {
        b.campaign(pick(ws.campaigns()));
      }
      Dimensions dims = b.build();
      EventId callId = EventId.of(id);
      if (rng.nextDouble() < (inbound ? 0.12 : 0.25)) {
        events.addAll(UsageFacts.call(callId, ws.tenant(), channel, direction, CallOutcome.missed(start), dims));
        return;
      }
      double seconds = logNormal(inbound ? 150 : 100, 0.85, 4, 7_200);
      Instant end = start.plusMillis(Math.round(seconds * 1_000));
      voiceCalls.add(new long[] {start.toEpochMilli(), end.toEpochMilli()});
      events.addAll(UsageFacts.call(callId, ws.tenant(), channel, direction, CallOutcome.finished(start, end), dims));
      if (assistant != null) {
        voiceAi(id, start, seconds, speech);
      }
    }

    /** An AI agent on a call: a realtime speech model, or speech to text, a chat model and text to speech. */
    private void voiceAi(String callId, Instant start, double seconds, Dimensions dims) {
      if (rng.nextDouble() < 0.35) {
        String model = rng.nextDouble() < 0.7 ? "gpt-4o-realtime-preview" : "gpt-4o-mini-realtime-preview";
        long prompt = 1_100 + rng.nextInt(700);
        long cached = rng.nextDouble() < 0.8 ? 1_024 : 0;
        TokenCounts tokens = TokenCounts.of(prompt, 40 + rng.nextInt(260)).withCached(cached)
            .withAudio(Math.round(seconds * 0.55 * 10), Math.round(seconds * 0.45 * 20));
        events.addAll(UsageFacts.aiCompletion(EventId.of(callId + "/realtime"), ws.tenant(), start.plusSeconds(1),
            "openai", model, ModelType.REALTIME, tokens, dims));
        return;
      }
      double r = rng.nextDouble();
      String[] model = r < 0.5 ? CHAT_MODELS[0] : r < 0.75 ? CHAT_MODELS[2] : CHAT_MODELS[4];
      int turns = (int) Math.max(1, Math.min(30, Math.round(seconds / 25)));
      boolean deepgram = rng.nextDouble() < 0.8;
      events.addAll(UsageFacts.speechToText(EventId.of(callId + "/stt"), ws.tenant(), start,
          deepgram ? "deepgram" : "openai", deepgram ? "nova-2" : "whisper-1",
          Duration.ofMillis(Math.round(seconds * 500)), dims));
      long spoken = 0;
      for (int t = 0; t < turns; t++) {
        long completion = 30 + rng.nextInt(80);
        spoken += completion * 4;
        long prompt = 900 + t * 160L;
        long cached = t == 0 ? 0 : Math.round((800 + (t - 1) * 160L) * 0.9);
        Instant when = start.plusMillis(Math.round(seconds * 1_000 * t / turns));
        events.addAll(UsageFacts.aiCompletion(EventId.of(callId + "/turn-" + t), ws.tenant(), when, model[0],
            model[1], ModelType.CHAT, TokenCounts.of(prompt, completion).withCached(cached), dims));
      }
      boolean eleven = rng.nextDouble() < 0.6;
      events.addAll(UsageFacts.textToSpeech(EventId.of(callId + "/tts"), ws.tenant(), start,
          eleven ? "elevenlabs" : "openai", eleven ? "eleven_turbo_v2_5" : "tts-1", spoken, dims));
    }

    private void chat() {
      String id = nextId(2, "chat");
      Instant start = at();
      Channel channel = Channel.of(CHAT_CHANNELS[weighted(CHAT_CHANNEL_WEIGHTS)]);
      Direction direction = rng.nextDouble() < 0.9 ? Direction.INBOUND : Direction.OUTBOUND;
      Dimensions.Builder b = Dimensions.builder().contact(contact()).callId(id).assistant(pick(ws.assistants()));
      if (rng.nextDouble() < 0.2) {
        b.member(pick(ws.members()));
      }
      Dimensions dims = b.build();
      double seconds = logNormal(300, 0.9, 20, 5_400);
      Instant end = start.plusMillis(Math.round(seconds * 1_000));
      events.addAll(UsageFacts.call(EventId.of(id), ws.tenant(), channel, direction,
          CallOutcome.finished(start, end), dims));
      String[] model = CHAT_MODELS[weighted(CHAT_MODEL_WEIGHTS)];
      Dimensions turnDims = dims.toBuilder().channel(channel).build();
      int turns = 1 + Math.min(14, geometric(0.3));
      for (int t = 0; t < turns; t++) {
        Instant when = start.plusMillis(Math.round(seconds * 1_000 * t / turns));
        EventId turn = EventId.of(id + "/turn-" + t);
        // The person's message, then the assistant's answer: both are messages of the conversation.
        events.addAll(UsageFacts.humanMessage(turn, ws.tenant(), when, channel, turnDims));
        events.add(UsageEvent.builder(turn.derive(Metrics.AI_TEXT_QUERIES.key()), ws.tenant(), Metrics.AI_TEXT_QUERIES)
            .at(when).quantity(1).dimensions(turnDims).build());
        long prompt = 600 + t * 220L + rng.nextInt(400);
        long cached = t == 0 ? 0 : Math.min(prompt, Math.round((600 + (t - 1) * 220L) * 0.85));
        events.addAll(UsageFacts.aiCompletion(turn, ws.tenant(), when, model[0], model[1], ModelType.CHAT,
            TokenCounts.of(prompt, 25 + rng.nextInt(200)).withCached(cached), turnDims));
      }
    }

    private void sms() {
      String id = nextId(3, "sms");
      Instant at = at();
      String number = pick(ws.phoneNumbers());
      Dimensions.Builder b = Dimensions.builder().contact(contact()).phoneNumber(number);
      if (rng.nextDouble() < 0.6) {
        boolean campaign = !ws.campaigns().isEmpty() && rng.nextDouble() < 0.3;
        String text;
        if (campaign) {
          b.campaign(pick(ws.campaigns()));
          text = fill(CAMPAIGN_SMS[rng.nextInt(CAMPAIGN_SMS.length)]);
        } else {
          text = fill(OUTBOUND_SMS[rng.nextInt(OUTBOUND_SMS.length)]);
          if (rng.nextDouble() < 0.3) {
            b.member(pick(ws.members()));
          } else {
            b.assistant(pick(ws.assistants()));
          }
        }
        events.addAll(UsageFacts.sms(EventId.of(id), ws.tenant(), at, Direction.OUTBOUND, text, b.build()));
        return;
      }
      Dimensions inboundDims = b.build();
      events.addAll(UsageFacts.sms(EventId.of(id), ws.tenant(), at, Direction.INBOUND,
          INBOUND_SMS[rng.nextInt(INBOUND_SMS.length)], inboundDims));
      if (rng.nextDouble() < 0.5) {
        Dimensions replyDims = inboundDims.toBuilder().assistant(pick(ws.assistants())).build();
        Instant replyAt = at.plusSeconds(3 + rng.nextInt(20));
        EventId reply = EventId.of(id + "/reply");
        events.addAll(UsageFacts.aiCompletion(reply, ws.tenant(), replyAt, "openai", "gpt-4o-mini", ModelType.CHAT,
            TokenCounts.of(450 + rng.nextInt(300), 20 + rng.nextInt(60)), replyDims));
        events.add(UsageEvent.builder(reply.derive(Metrics.AI_SMS_REPLIES.key()), ws.tenant(), Metrics.AI_SMS_REPLIES)
            .at(replyAt).quantity(1).dimensions(replyDims).build());
        events.addAll(UsageFacts.sms(reply, ws.tenant(), replyAt, Direction.OUTBOUND,
            fill(AI_SMS_REPLIES[rng.nextInt(AI_SMS_REPLIES.length)]), replyDims));
      }
    }

    private void workflow() {
      String id = nextId(4, "run");
      Dimensions.Builder b = Dimensions.builder().assistant(pick(ws.assistants()));
      if (!ws.campaigns().isEmpty() && rng.nextDouble() < 0.3) {
        b.campaign(pick(ws.campaigns()));
      }
      WorkflowOutcome outcome = rng.nextDouble() < workflowFailureRate ? WorkflowOutcome.FAILED
          : WorkflowOutcome.SUCCEEDED;
      events.addAll(UsageFacts.workflowRun(EventId.of(id), ws.tenant(), at(), outcome, b.build()));
    }

    private void dialAttempt() {
      String id = nextId(5, "dial");
      Instant start = at();
      double r = rng.nextDouble();
      Dialer dialer = r < 0.5 ? Dialer.AI_STANDARD_VOICE : r < 0.7 ? Dialer.AI_PREMIUM_VOICE : Dialer.HUMAN;
      Dimensions.Builder b = Dimensions.builder().campaign(pick(ws.campaigns())).contact(contact())
          .phoneNumber(pick(ws.phoneNumbers())).channel(Channel.PHONE);
      if (dialer.isAi()) {
        b.assistant(pick(ws.assistants()));
      } else {
        b.member(pick(ws.members()));
      }
      Dimensions dims = b.build();
      if (rng.nextDouble() < 0.35) {
        double seconds = logNormal(75, 1.0, 3, 3_600);
        events.addAll(UsageFacts.dialAttempt(EventId.of(id), ws.tenant(), dialer,
            CallOutcome.finished(start, start.plusMillis(Math.round(seconds * 1_000))), dims));
        return;
      }
      events.addAll(UsageFacts.dialAttempt(EventId.of(id), ws.tenant(), dialer, CallOutcome.missed(start), dims));
      if (rng.nextDouble() < 0.35) {
        events.addAll(UsageFacts.voicemailDrop(EventId.of(id + "/voicemail"), ws.tenant(), start.plusSeconds(25),
            dims));
      }
    }

    private void ringless() {
      String id = nextId(6, "rvm");
      Dimensions dims = Dimensions.builder().campaign(pick(ws.campaigns())).contact(contact())
          .phoneNumber(pick(ws.phoneNumbers())).build();
      events.addAll(UsageFacts.ringlessVoicemail(EventId.of(id), ws.tenant(), at(), dims));
    }

    /** The day's readings of the gauges: numbers and seats held, and the peak of concurrent calls. */
    private void gauges() {
      gauge(Metrics.PHONE_NUMBERS, ws.phoneNumbers().size(), dayStart);
      gauge(Metrics.HUMAN_AGENT_SEATS, ws.members().size(), dayStart);
      long[] peak = peakConcurrency();
      if (peak[0] > 0) {
        gauge(Metrics.CONCURRENT_CALLS, peak[0], Instant.ofEpochMilli(peak[1]));
      }
    }

    private void gauge(Metric metric, long level, Instant at) {
      events.add(UsageEvent.builder(EventId.of(day + "/gauge").derive(metric.key()), ws.tenant(), metric)
          .at(at).quantity(level).build());
    }

    /** Returns the most calls that overlapped, and when that level was first reached. */
    private long[] peakConcurrency() {
      List<long[]> edges = new ArrayList<>(voiceCalls.size() * 2);
      for (long[] c : voiceCalls) {
        edges.add(new long[] {c[0], 1});
        edges.add(new long[] {c[1], -1});
      }
      // an end before a start at the same instant: a call that ends as another begins does not overlap it
      edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
      long level = 0;
      long[] peak = {0, 0};
      for (long[] e : edges) {
        level += e[1];
        if (level > peak[0]) {
          peak[0] = level;
          peak[1] = e[0];
        }
      }
      return peak;
    }

    private String nextId(int counter, String kind) {
      return day + "/" + kind + "-" + String.format(Locale.ROOT, "%04d", ++counters[counter]);
    }

    /** Returns a time of the day, weighted by the workspace's local business hours. */
    private Instant at() {
      int localHour = weighted(HOURS);
      int utcHour = Math.floorMod(localHour - ws.utcOffsetHours(), 24);
      long millis = utcHour * 3_600_000L + rng.nextLong(3_600_000L);
      return dayStart.plusMillis(millis);
    }

    private String contact() {
      return String.format(Locale.ROOT, "c-%05d", rng.nextInt(3_000));
    }

    private String pick(List<String> values) {
      return values.get(rng.nextInt(values.size()));
    }

    private int weighted(double[] weights) {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      double x = rng.nextDouble() * total;
      for (int i = 0; i < weights.length - 1; i++) {
        x -= weights[i];
        if (x < 0) {
          return i;
        }
      }
      return weights.length - 1;
    }

    private int geometric(double p) {
      int n = 0;
      while (rng.nextDouble() >= p && n < 100) {
        n++;
      }
      return n;
    }

    /** Returns a log-normal duration: {@code median × e^(sigma × N(0, 1))}, clamped to [min, max] seconds. */
    private double logNormal(double median, double sigma, double min, double max) {
      // Box-Muller from two uniforms, so that the sequence does not depend on the JDK's Gaussian
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      double gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.max(min, Math.min(max, median * Math.exp(sigma * gaussian)));
    }

    private String fill(String template) {
      return template
          .replace("{first}", FIRST_NAMES[rng.nextInt(FIRST_NAMES.length)])
          .replace("{day}", day.plusDays(1 + rng.nextInt(6)).toString())
          .replace("{time}", String.format(Locale.ROOT, "%d:%02d", 8 + rng.nextInt(10), 15 * rng.nextInt(4)))
          .replace("{order}", String.valueOf(10_000 + rng.nextInt(90_000)))
          .replace("{code}", String.format(Locale.ROOT, "%06d", rng.nextInt(1_000_000)))
          .replace("{amount}", String.format(Locale.ROOT, "%d,%02d", 20 + rng.nextInt(300), rng.nextInt(100)));
    }
  }

  private static final double[] CHAT_MODEL_WEIGHTS = weights(CHAT_MODELS);

  private static double[] weights(String[][] table) {
    double[] w = new double[table.length];
    for (int i = 0; i < table.length; i++) {
      w[i] = Double.parseDouble(table[i][2]);
    }
    return w;
  }
}
