package dev.slipway.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.domain.PortSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Port mappings between Slipway's {@link PortSpec} and docker-java's models. */
final class PortBindings {
  private PortBindings() {
  }

  static List<PortSpec> specs(JsonObject request) {
    return request.getJsonArray("ports", new JsonArray()).stream().map(p -> PortSpec.fromJson((JsonObject) p)).toList();
  }

  static List<ExposedPort> exposed(List<PortSpec> specs) {
    return specs.stream().map(PortBindings::port).toList();
  }

  /** An empty host port lets the engine pick a free one. */
  static Ports bindings(List<PortSpec> specs) {
    Ports bindings = new Ports();
    for (PortSpec spec : specs) {
      bindings.bind(port(spec), new Ports.Binding(spec.hostIp(),
          spec.hostPort() == null ? "" : spec.hostPort().toString()));
    }
    return bindings;
  }

  /** What the engine published, as {@code [{"containerPort", "protocol", "hostIp", "hostPort"}]}. */
  static JsonArray published(Map<ExposedPort, Ports.Binding[]> bindings) {
    JsonArray ports = new JsonArray();
    bindings.forEach((port, bound) -> {
      for (Ports.Binding b : bound == null ? new Ports.Binding[0] : bound) {
        ports.add(new JsonObject().put("containerPort", port.getPort()).put("protocol", port.getProtocol().toString())
            .put("hostIp", b.getHostIp()).put("hostPort", Integer.valueOf(b.getHostPortSpec())));
      }
    });
    return ports;
  }

  private static ExposedPort port(PortSpec spec) {
    return new ExposedPort(spec.containerPort(), InternetProtocol.parse(spec.protocol()));
  }
}
