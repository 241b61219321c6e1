package dev.slipway.cluster;

import dev.slipway.domain.NodeRole;
import java.util.Set;

/**
 * One node of Slipway as the others see it: what it is, whether its engine answers, how busy it is, and when it last
 * said so. Each node writes its own row in the database every few seconds; a node whose row is older than
 * {@link #GONE_AFTER_MS} is gone.
 *
 * @param buildSlots how many builds it runs at once ({@code buildConcurrency})
 * @param stopped the node stopped cleanly and said so: it is gone at once, not only {@link #GONE_AFTER_MS} later
 */
public record NodeStatus(String name, Set<NodeRole> roles, String engineVersion, boolean reachable, int running,
                         int queued, int buildSlots, int cpus, long startedAt, long lastSeen, boolean stopped) {
  /** Heartbeats are written every 5 s: a node silent for 20 s is gone (its jobs are then taken over). */
  public static final long GONE_AFTER_MS = 20_000;

  /** A node that is running (not {@code stopped}). */
  public NodeStatus(String name, Set<NodeRole> roles, String engineVersion, boolean reachable, int running,
                    int queued, int buildSlots, int cpus, long startedAt, long lastSeen) {
    this(name, roles, engineVersion, reachable, running, queued, buildSlots, cpus, startedAt, lastSeen, false);
  }

  public boolean alive(long now) {
    return !stopped && now - lastSeen <= GONE_AFTER_MS;
  }

  public boolean isWorker() {
    return roles.contains(NodeRole.WORKER);
  }

  /** What a node has to do: its running and queued jobs per build slot. */
  public double load() {
    return (running + queued) / (double) Math.max(1, buildSlots);
  }
}
