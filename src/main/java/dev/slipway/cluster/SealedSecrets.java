package dev.slipway.cluster;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.JobKind;
import io.vertx.core.json.JsonObject;

/**
 * Where a submission's secret values sit ({@code secretEnv} of a run, {@code run.secretEnv} of a launch) and how they
 * travel between nodes: as {@code sealedSecretEnv}, opened only by the node that runs the job.
 */
public final class SealedSecrets {
  public static final String SEALED = "sealedSecretEnv";

  private SealedSecrets() {
  }

  /** The object that holds the secrets of a {@code kind} request, or null (a build has none). */
  private static JsonObject holder(JsonObject body, JobKind kind) {
    return switch (kind) {
      case BUILD -> null;
      case RUN -> body;
      case LAUNCH -> body.getValue("run") instanceof JsonObject run ? run : null;
    };
  }

  /** Replaces clear secret values by their seal, in place. */
  public static void seal(JsonObject body, JobKind kind, SecretSeal seal) {
    JsonObject holder = holder(body, kind);
    if (holder != null && holder.getValue("secretEnv") instanceof JsonObject secrets && !secrets.isEmpty()) {
      holder.put(SEALED, seal.seal(secrets));
      holder.remove("secretEnv");
    }
  }

  /** Opens sealed secret values in place; a seal that does not open (or no seal where one came) is a 400. */
  public static void open(JsonObject body, JobKind kind, SecretSeal seal) {
    JsonObject holder = holder(body, kind);
    if (holder == null || !holder.containsKey(SEALED)) {
      return;
    }
    if (seal == null || !(holder.getValue(SEALED) instanceof String sealed)) {
      throw new BadRequest(400, SEALED + " came to a Slipway that is not in a cluster, or is not text");
    }
    if (holder.getValue("secretEnv") != null) {
      throw new BadRequest(400, "give secretEnv or " + SEALED + ", not both");
    }
    try {
      holder.put("secretEnv", seal.open(sealed));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, e.getMessage());
    }
    holder.remove(SEALED);
  }
}
