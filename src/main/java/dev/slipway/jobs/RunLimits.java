package dev.slipway.jobs;

import dev.slipway.Config;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Role;
import io.vertx.core.json.JsonObject;

/**
 * What a container gets when its run names no limit, and how far an operator may raise it. Admins have no maximum:
 * the engine itself refuses more CPUs than the host has. Every container gets the PIDs limit, so a fork bomb
 * stays inside it.
 */
public record RunLimits(long defaultMemory, double defaultCpus, long operatorMaxMemory, double operatorMaxCpus,
                        long pidsLimit) {

  /** Fails (and with it Slipway's start) on a limit that is not a size or a positive number. */
  public static RunLimits from(JsonObject config) {
    JsonObject c = Config.defaults().mergeIn(config);
    try {
      return new RunLimits(
          MemorySize.parse(c.getValue(Config.DEFAULT_MEMORY), Config.DEFAULT_MEMORY),
          positive(c.getValue(Config.DEFAULT_CPUS), Config.DEFAULT_CPUS),
          MemorySize.parse(c.getValue(Config.OPERATOR_MAX_MEMORY), Config.OPERATOR_MAX_MEMORY),
          positive(c.getValue(Config.OPERATOR_MAX_CPUS), Config.OPERATOR_MAX_CPUS),
          (long) positive(c.getValue(Config.PIDS_LIMIT), Config.PIDS_LIMIT));
    } catch (BadRequest e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage(), e);
    }
  }

  public static RunLimits defaults() {
    return from(new JsonObject());
  }

  /** The most memory {@code role} may ask for; null for no maximum. */
  Long maxMemory(Role role) {
    return role.atLeast(Role.ADMIN) ? null : operatorMaxMemory;
  }

  /** The most CPUs {@code role} may ask for; null for no maximum. */
  Double maxCpus(Role role) {
    return role.atLeast(Role.ADMIN) ? null : operatorMaxCpus;
  }

  private static double positive(Object value, String field) {
    double number;
    try {
      number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new BadRequest(field + " must be a number, not '" + value + "'");
    }
    if (!(number > 0) || Double.isInfinite(number)) {
      throw new BadRequest(field + " must be more than 0, not " + value);
    }
    return number;
  }
}
