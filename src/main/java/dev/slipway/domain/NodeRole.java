package dev.slipway.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a node of Slipway does: {@link #WEB} serves the dashboard, the API and the event streams; {@link #WORKER} owns
 * jobs and drives its own Docker engine. A node may do both (the default).
 */
public enum NodeRole {
  WEB, WORKER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code "web"}, {@code "worker"} or {@code "web,worker"} (any order, spaces allowed); nothing else. */
  public static Set<NodeRole> parseAll(String text) {
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    for (String part : (text == null ? "" : text).split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      switch (name) {
        case "web" -> roles.add(WEB);
        case "worker" -> roles.add(WORKER);
        default -> throw new IllegalArgumentException("SLIPWAY_ROLES (roles) names an unknown role \"" + part.trim()
            + "\": use web, worker or web,worker");
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("SLIPWAY_ROLES (roles) is empty: use web, worker or web,worker");
    }
    return roles;
  }
}
