package dev.slipway.metrics;

import dev.slipway.Config;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;
import java.util.UUID;

/**
 * Turns on Vert.x's metrics (HTTP server and client, event bus, worker and SQL pools, the JVM) in a Prometheus
 * registry, and makes the same registry hold Slipway's own meters ({@link SlipwayMeters}), all tagged with this
 * node's name. {@code GET /metrics} serves it.
 *
 * <p>Start-up calls {@link #configure} on the options the {@code Vertx} is made with, then {@link #install} with the
 * {@code Vertx} made. A {@code Vertx} made without {@code configure} (most tests) still gets Slipway's own meters, in
 * a registry of their own.
 */
public final class Metrics {
  /** The config key under which {@link #configure} leaves the registry's name for {@link #install}. */
  public static final String REGISTRY = "metricsRegistry";
  static final String NODE = "node";

  private Metrics() {
  }

  /**
   * Enables Vert.x's Micrometer metrics on {@code options} with a Prometheus registry of this node's own (one per
   * {@code Vertx}, so several nodes in one JVM keep theirs apart), labelled so that no job, node or client can add
   * series ({@link BoundedLabels}). Returns {@code options}.
   */
  public static VertxOptions configure(VertxOptions options, JsonObject config) {
    String name = "slipway-" + UUID.randomUUID();
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(name)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        // The request path is left out on purpose: it holds ids. The route (/api/jobs/:id) says the same, bounded.
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.EB_ADDRESS, Label.EB_SIDE,
            Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME));
    // Registered before Vert.x makes its first meter, so the node tag and the bounds apply to every one of them;
    // Vert.x takes the registry that already has this name.
    BackendRegistries.setupBackend(metrics, registry(node(config)));
    config.put(REGISTRY, name);
    return options.setMetricsOptions(metrics);
  }

  /**
   * Makes this {@code Vertx}'s {@link SlipwayMeters}, in the registry {@link #configure} set up for it, or in a new
   * one when it was not (Vert.x's own meters are missing from that one). Call it before deploying the verticles.
   */
  public static SlipwayMeters install(Vertx vertx, JsonObject config) {
    MeterRegistry configured = config.getString(REGISTRY) == null ? null
        : BackendRegistries.getNow(config.getString(REGISTRY));
    PrometheusMeterRegistry registry = configured instanceof PrometheusMeterRegistry prometheus ? prometheus
        : registry(node(config));
    return SlipwayMeters.install(vertx, new SlipwayMeters(registry));
  }

  /** A Prometheus registry whose every meter carries {@code node} and stays within {@link BoundedLabels}. */
  static PrometheusMeterRegistry registry(String node) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(NODE, node);
    BoundedLabels.filters().forEach(filter -> registry.config().meterFilter(filter));
    return registry;
  }

  private static String node(JsonObject config) {
    return config.getString(Config.NODE_NAME, "local");
  }
}
