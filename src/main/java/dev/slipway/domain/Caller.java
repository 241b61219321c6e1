package dev.slipway.domain;

/**
 * Who asks: a signed-in user and their role as the database has it now. Travels the event bus as the user's name
 * only (the {@code slipway-user} header); every receiver looks the role up itself, so a stale or forged role
 * cannot be carried along.
 */
public record Caller(String user, Role role) {
  /** Slipway itself: start-up reconciliation and retention, never a request from outside. */
  public static final Caller SYSTEM = new Caller("slipway", Role.ADMIN);

  public boolean can(Role needed) {
    return role.atLeast(needed);
  }

  /** A 403 unless the caller has at least {@code needed}. */
  public void require(Role needed, String what) {
    if (!can(needed)) {
      throw new BadRequest(403, what + " needs the " + needed.wire() + " role; " + user + " is " + role.wire());
    }
  }
}
