package dev.slipway.domain;

import java.util.Locale;

/**
 * What a team member may do. Each role can do everything the one before it can:
 * viewers look, operators build and run, admins manage users, foreign containers, images and guarded run options.
 */
public enum Role {
  VIEWER, OPERATOR, ADMIN;

  public boolean atLeast(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} ({@code viewer}, {@code operator}, {@code admin}), or a 400. */
  public static Role parse(Object text) {
    if (text instanceof String s) {
      for (Role role : values()) {
        if (role.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
          return role;
        }
      }
    }
    throw new BadRequest("role must be viewer, operator or admin, not '" + text + "'");
  }
}
