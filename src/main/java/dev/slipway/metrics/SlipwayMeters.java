package dev.slipway.metrics;

import dev.slipway.domain.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slipway's own meters on this node (each also carries {@code node}, see {@link Metrics}): jobs by state, the build
 * queue, open event streams, log lines stored, and the Docker engine's answer times. One per {@code Vertx}, found with
 * {@link #of}. Thread-safe: the jobs owner, the HTTP verticle and the worker's threads all record here, and a scrape
 * only reads numbers (never the jobs, the database or the engine).
 */
public final class SlipwayMeters implements Shareable {
  /** A job's log events ({@code /api/jobs/{id}/events}, {@code /jobs/{id}/stream}). */
  public static final String JOB_STREAM = "job";
  /** The dashboard's job table ({@code /fragments/jobs/stream}). */
  public static final String JOB_LIST_STREAM = "job_list";

  private static final String MAP = "slipway.metrics";
  /** Docker answers from a ping (milliseconds) to a slow removal or a timeout (30 s by default). */
  private static final Duration[] DOCKER_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(10), Duration.ofSeconds(30)};

  private final PrometheusMeterRegistry registry;
  private final Counter linesStored;
  /** Gauges by name and tags, each registered when first set: a node shows only what its roles do. */
  private final ConcurrentMap<List<String>, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> dockerCalls = new ConcurrentHashMap<>();

  SlipwayMeters(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.linesStored = Counter.builder("slipway.log.lines.stored")
        .description("Log lines this node's jobs owner stored (rate() gives lines per second)").register(registry);
  }

  /**
   * This {@code Vertx}'s meters: those {@link Metrics#install} made, or (for a verticle deployed on its own, as in
   * some tests) meters in a registry of their own, tagged with the default node name.
   */
  public static SlipwayMeters of(Vertx vertx) {
    return map(vertx).computeIfAbsent(MAP, k -> new SlipwayMeters(Metrics.registry("local")));
  }

  static SlipwayMeters install(Vertx vertx, SlipwayMeters meters) {
    SlipwayMeters earlier = map(vertx).putIfAbsent(MAP, meters);
    return earlier != null ? earlier : meters;
  }

  private static LocalMap<String, SlipwayMeters> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  /** {@code GET /metrics}: the registry in Prometheus's text format. The event streams' gauges start at 0 with it. */
  public Handler<RoutingContext> scrapeHandler() {
    stream(JOB_STREAM);
    stream(JOB_LIST_STREAM);
    return PrometheusScrapingHandler.create(registry);
  }

  public void linesStored(int lines) {
    linesStored.increment(lines);
  }

  /** An event stream of {@code kind} ({@link #JOB_STREAM}, {@link #JOB_LIST_STREAM}) opened; call once per stream. */
  public void streamOpened(String kind) {
    stream(kind).incrementAndGet();
  }

  /** The stream opened with {@link #streamOpened} closed; call once per stream. */
  public void streamClosed(String kind) {
    stream(kind).decrementAndGet();
  }

  /** How many of this node's jobs are in {@code state} now. */
  public void jobs(JobState state, long count) {
    gauge("slipway.jobs", "Jobs of this node in each state (queued and running: live; the others: as stored, "
        + "counted every few seconds)", "state", state.wire()).set(count);
  }

  /** Engine streams this node's worker holds for followers of any container: {@code logs} follows, {@code stats} streams. */
  public void containerFollows(String kind, long count) {
    gauge("slipway.container.follows", "Container log follows and stats streams this node's Docker worker holds for"
        + " followers", "kind", kind).set(count);
  }

  public void buildQueue(long waiting) {
    gauge("slipway.build.queue.length", "Builds waiting for a build slot on this node").set(waiting);
  }

  /** One call to the Docker engine of {@code kind} (a bounded name, see {@code docker.EngineCallKinds}) took this long. */
  public void dockerCall(String kind, long nanos) {
    dockerCalls.computeIfAbsent(kind, k -> Timer.builder("slipway.docker.call")
        .description("Time the Docker engine took to answer a call (to its response's head, for streams)")
        .tag("call", k).serviceLevelObjectives(DOCKER_BUCKETS).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private AtomicLong stream(String kind) {
    return gauge("slipway.sse.clients", "Event streams open on this node", "stream", kind);
  }

  private AtomicLong gauge(String name, String description, String... tags) {
    List<String> key = new ArrayList<>(List.of(tags));
    key.add(0, name);
    return gauges.computeIfAbsent(key, k -> {
      AtomicLong number = new AtomicLong();
      Gauge.builder(name, number, AtomicLong::get).strongReference(true).description(description).tags(tags)
          .register(registry);
      return number;
    });
  }
}
