package dev.slipway.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own id, from its {@code info}: nodes that share one engine (several nodes on one machine) see the same
 * id, so merged lists can show each of the engine's images and containers once. The id is the daemon's, kept in its
 * data root across restarts, so it is asked once.
 */
final class EngineId {
  private static final Logger LOG = LoggerFactory.getLogger(EngineId.class);
  private final DockerClients docker;
  private final String node;
  private volatile String id;

  EngineId(DockerClients docker, String node) {
    this.docker = docker;
    this.node = node;
  }

  /**
   * Blocking. The engine's id; while it cannot be had, one of this node alone: two nodes must never be taken for
   * sharing an engine they do not share (that would hide one's items), while showing a shared engine's items twice
   * for a moment is harmless.
   */
  String get() {
    String known = id;
    if (known != null) {
      return known;
    }
    try {
      String asked = docker.control().infoCmd().exec().getId();
      if (asked != null && !asked.isBlank()) {
        id = asked;
        return asked;
      }
    } catch (RuntimeException e) {
      LOG.debug("could not ask the engine for its id: {}", DockerErrors.cause(e));
    }
    return "node:" + node;
  }
}
