package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.report.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated workspace: its tenant, its people, numbers and campaigns, and the mix of activity
 * it has. The first three are hand-written profiles (a support desk, a sales team, a clinic); more
 * cycle through them under generic names. The support desk and the sales team are two workspaces
 * of one organization, Acme, so that the demo shows an organization's reports adding up its
 * workspaces'.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param index 0-based position, part of every random seed of the workspace
 * @param tenant the organization and workspace ids
 * @param title what the workspace is, for people
 * @param utcOffsetHours where its business hours are, so that activity peaks in its daytime
 * @param scale its volume relative to {@code --events-per-day}
 * @param mix relative weights of the facts it generates
 * @param members team member ids
 * @param assistants AI assistant ids
 * @param phoneNumbers its numbers in E.164 form, from ranges reserved for fiction
 * @param campaigns outbound campaigns
 * @param inventory what it holds now, for the summary's inventory cards
 */
record Workspace(
    int index,
    TenantId tenant,
    String title,
    int utcOffsetHours,
    double scale,
    Mix mix,
    List<String> members,
    List<String> assistants,
    List<String> phoneNumbers,
    List<String> campaigns,
    Inventory inventory) {

  /** Validates and copies. */
  Workspace {
    requireNonNull(tenant, "tenant");
    requireNonNull(title, "title");
    requireNonNull(mix, "mix");
    requireNonNull(inventory, "inventory");
    members = List.copyOf(members);
    assistants = List.copyOf(assistants);
    phoneNumbers = List.copyOf(phoneNumbers);
    campaigns = List.copyOf(campaigns);
  }

  /** Returns the workspace id, the path segment of the API. */
  String id() {
    return tenant.workspace();
  }

  /**
   * Returns the first {@code count} workspaces of the demo.
   *
   * @param count 1 or more
   * @return the workspaces, in index order
   */
  static List<Workspace> first(int count) {
    List<Workspace> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(of(i));
    }
    return List.copyOf(all);
  }

  private static Workspace of(int index) {
    int profile = index % 3;
    String suffix = index < 3 ? "" : "-" + (index + 1);
    return switch (profile) {
      case 0 -> new Workspace(index, TenantId.of("acme", "acme-support" + suffix),
          "Acme support desk (US)", -5, 1.0,
          new Mix(34, 6, 30, 12, 10, 3, 0),
          List.of("ana.souza", "jonas.weber", "chloe.martin", "li.wei", "omar.haddad", "sofia.rossi"),
          List.of("asst-reception", "asst-support", "asst-billing"),
          List.of("+14155550101", "+14155550102", "+14155550103", "+12125550147"),
          List.of("winback-2026", "csat-survey"),
          new Inventory(3, 4, 1, 2, 6, 4));
      case 1 -> new Workspace(index, TenantId.of("acme", "acme-sales" + suffix),
          "Acme outbound sales (UK)", 0, 0.8,
          new Mix(10, 18, 10, 24, 8, 26, 4),
          List.of("kwame.mensah", "emma.johnson", "soren.nielsen", "zoe.clarke"),
          List.of("asst-sales", "asst-qualifier"),
          List.of("+442079460011", "+442079460012", "+442079460013", "+441134960021", "+441614960034"),
          List.of("black-friday", "q4-renewals", "spring-launch"),
          new Inventory(2, 5, 2, 1, 3, 2));
      default -> new Workspace(index, TenantId.of("initech", "initech-clinic" + suffix),
          "Initech dental clinics (FR, BR)", 1, 1.2,
          new Mix(26, 4, 32, 24, 14, 0, 0),
          List.of("amelie.durand", "joao.silva", "renee.petit", "jose.almeida", "lukasz.nowak"),
          List.of("asst-booking", "asst-reminders", "asst-faq", "asst-triage"),
          List.of("+33199001234", "+33199005678", "+5511955550100"),
          List.of("checkup-reminders", "teeth-whitening"),
          new Inventory(4, 3, 0, 3, 9, 7));
    };
  }

  /**
   * Relative weights of the facts a workspace generates; each fact yields one to about thirty
   * usage events.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param inboundCalls calls from contacts, missed ones included
   * @param outboundCalls calls placed by members and assistants
   * @param chats chat sessions on web chat and messaging apps
   * @param sms single SMS, either way
   * @param workflows workflow runs
   * @param dialAttempts campaign dial attempts, with voicemail drops when nobody answers
   * @param ringless ringless voicemail deliveries
   */
  record Mix(int inboundCalls, int outboundCalls, int chats, int sms, int workflows, int dialAttempts, int ringless) {

    int total() {
      return inboundCalls + outboundCalls + chats + sms + workflows + dialAttempts + ringless;
    }
  }
}
