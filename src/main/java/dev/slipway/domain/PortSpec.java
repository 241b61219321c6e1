package dev.slipway.domain;

import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A port mapping as {@code docker run -p} writes it: {@code 8888:8888}, {@code 127.0.0.1:8080:80}, {@code :80} or
 * {@code 80} (the engine picks a free host port), with an optional {@code /tcp} or {@code /udp}.
 */
public record PortSpec(String hostIp, Integer hostPort, int containerPort, String protocol) {
  private static final Pattern SPEC = Pattern.compile(
      "(?:(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}):)?(?<host>\\d{0,5}):)?(?<container>\\d{1,5})(?:/(?<proto>tcp|udp))?");

  public static PortSpec parse(String spec) {
    Matcher m = spec == null ? null : SPEC.matcher(spec.trim());
    if (m == null || !m.matches()) {
      throw new BadRequest("invalid port mapping '" + spec + "': write HOST:CONTAINER such as 8888:8888, "
          + "or :CONTAINER to let the engine pick a free host port");
    }
    String host = m.group("host");
    Integer hostPort = host == null || host.isEmpty() ? null : port(host, spec);
    String proto = m.group("proto") == null ? "tcp" : m.group("proto");
    return new PortSpec(m.group("ip"), hostPort, port(m.group("container"), spec), proto);
  }

  private static int port(String digits, String spec) {
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new BadRequest("invalid port mapping '" + spec + "': ports are 1 to 65535");
    }
    return port;
  }

  public JsonObject toJson() {
    return new JsonObject().put("hostIp", hostIp).put("hostPort", hostPort)
        .put("containerPort", containerPort).put("protocol", protocol);
  }

  public static PortSpec fromJson(JsonObject json) {
    return new PortSpec(json.getString("hostIp"), json.getInteger("hostPort"),
        json.getInteger("containerPort"), json.getString("protocol", "tcp"));
  }
}
