package dev.slipway.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's {@code GET /metrics} (Prometheus text), read for what crossed the cluster: Vert.x counts the bytes of every
 * message it writes to another node, and of every one it reads from another node, per address kind. Every job's
 * lines count under {@code slipway.jobs.{id}.lines}; a scenario takes the difference over its span.
 */
final class NodeMetrics {
  static final String JOB_LINES = "slipway.jobs.{id}.lines";
  private final String text;

  private NodeMetrics(String text) {
    this.text = text;
  }

  static NodeMetrics scrape(Api api) {
    Api.Response response = api.get("/metrics");
    Api.expect(response, 200, "read /metrics");
    return new NodeMetrics(response.body().toString());
  }

  /** Bytes this node wrote to other nodes for {@code address}, and in how many messages (one per node it reached). */
  Traffic written(String address) {
    return new Traffic(value("vertx_eventbus_bytes_written_count", address),
        value("vertx_eventbus_bytes_written_sum", address));
  }

  /** Bytes this node read from other nodes for {@code address}, and in how many messages. */
  Traffic read(String address) {
    return new Traffic(value("vertx_eventbus_bytes_read_count", address),
        value("vertx_eventbus_bytes_read_sum", address));
  }

  /** The sum of the series {@code metric} with this address label (0 when there is none yet). */
  private double value(String metric, String address) {
    Pattern line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{(.*)\\} (\\S+)$");
    Matcher m = line.matcher(text);
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains("address=\"" + address + "\"")) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** Messages and bytes; {@link #minus} gives what happened between two readings. */
  record Traffic(double messages, double bytes) {
    Traffic minus(Traffic before) {
      return new Traffic(messages - before.messages, bytes - before.bytes);
    }

    Traffic plus(Traffic other) {
      return new Traffic(messages + other.messages, bytes + other.bytes);
    }
  }
}
