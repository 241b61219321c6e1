package dev.slipway.metrics;

import dev.slipway.bus.Bus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps the label values of Vert.x's own meters to a small, fixed set. Every distinct value is a series Prometheus
 * stores for ever, and some values come from outside: a job's id is in its bus addresses
 * ({@code slipway.jobs.<id>.lines}), a node's name in the per-node ones ({@code …@node}), an id a client made up in
 * the address a stream follows, and any word a client sends as an HTTP method. Each is collapsed to its kind.
 */
final class BoundedLabels {
  static final String ADDRESS = "address";
  static final String METHOD = "method";
  static final String ROUTE = "route";
  /** Bus addresses that are not Slipway's (another verticle's in the same Vert.x) all count as this one. */
  static final String OTHER = "other";
  /** Safety nets, well above what Slipway uses: past them, new values are not recorded at all. */
  static final int MAX_ADDRESSES = 64;
  static final int MAX_ROUTES = 100;

  private static final Pattern PER_JOB = Pattern.compile("slipway\\.jobs\\.(.+)\\.(lines|state)");
  /** Every address constant of {@link Bus}, read from it so that a new address is known without a change here. */
  private static final Set<String> KNOWN = Arrays.stream(Bus.class.getFields())
      .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
      .map(BoundedLabels::value)
      .filter(v -> v.startsWith("slipway."))
      .collect(Collectors.toUnmodifiableSet());
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
      "TRACE", "CONNECT");

  private BoundedLabels() {
  }

  /**
   * {@code slipway.jobs.{id}.lines}, {@code slipway.jobs.{id}.state}, {@code slipway.docker.build@{node}} (a node's
   * front desk: {@code slipway.jobs.build@{node}.desk}, a meter of its own), a public address as it is, or
   * {@link #OTHER}.
   */
  static String address(String address) {
    Matcher perJob = PER_JOB.matcher(address);
    if (perJob.matches()) {
      return "slipway.jobs.{id}." + perJob.group(2);
    }
    int at = address.indexOf('@');
    String base = at < 0 ? address : address.substring(0, at);
    if (!KNOWN.contains(base)) {
      return OTHER;
    }
    return at < 0 ? base : address.endsWith(".desk") ? base + "@{node}.desk" : base + "@{node}";
  }

  /** The standard methods as they are; anything else a client sends as a method is {@code OTHER}. */
  static String method(String method) {
    return METHODS.contains(method) ? method : "OTHER";
  }

  /** The filters, in the order they must run: collapse first, then cap what is left. */
  static List<MeterFilter> filters() {
    return List.of(
        onMeters("vertx.eventbus", MeterFilter.replaceTagValues(ADDRESS, BoundedLabels::address)),
        onMeters("vertx.http", MeterFilter.replaceTagValues(METHOD, BoundedLabels::method)),
        MeterFilter.maximumAllowableTags("vertx.eventbus", ADDRESS, MAX_ADDRESSES, MeterFilter.deny()),
        MeterFilter.maximumAllowableTags("vertx.http", ROUTE, MAX_ROUTES, MeterFilter.deny()));
  }

  private static MeterFilter onMeters(String prefix, MeterFilter filter) {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith(prefix) ? filter.map(id) : id;
      }
    };
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
