package dev.slipway.domain;

import io.vertx.core.json.JsonObject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A port mapping as {@code docker run -p} writes it: {@code 8888:8888}, {@code 127.0.0.1:8080:80},
 * {@code [::1]:8080:80}, {@code :80} or {@code 80} (the engine picks a free host port), with an optional
 * {@code /tcp} or {@code /udp}. The host IP is kept without brackets, as the engine takes it.
 */
public record PortSpec(String hostIp, Integer hostPort, int containerPort, String protocol) {
  private static final Pattern SPEC = Pattern.compile(
      "(?:(?:(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3})|\\[(?<ip6>[0-9A-Fa-f:.]+)]):)?(?<host>\\d{0,5}):)?"
      + "(?<container>\\d{1,5})(?:/(?<proto>tcp|udp))?");

  public static PortSpec parse(String spec) {
    Matcher m = spec == null ? null : SPEC.matcher(spec.trim());
    if (m == null || !m.matches()) {
      throw new BadRequest("invalid port mapping '" + spec + "': write HOST:CONTAINER such as 8888:8888, "
          + "or :CONTAINER to let the engine pick a free host port");
    }
    String host = m.group("host");
    Integer hostPort = host == null || host.isEmpty() ? null : port(host, spec);
    String proto = m.group("proto") == null ? "tcp" : m.group("proto");
    String ip = m.group("ip") != null ? ipv4(m.group("ip"), spec)
        : m.group("ip6") != null ? ipv6(m.group("ip6"), spec) : null;
    return new PortSpec(ip, hostPort, port(m.group("container"), spec), proto);
  }

  /** Four numbers 0 to 255 without leading zeros (which the engine refuses, less clearly). */
  private static String ipv4(String ip, String spec) {
    for (String octet : ip.split("\\.")) {
      if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
        throw new BadRequest("invalid port mapping '" + spec + "': the host IP " + ip
            + " is not an IPv4 address (four numbers 0 to 255, such as 127.0.0.1)");
      }
    }
    return ip;
  }

  /** Checked as a literal only: with brackets and without a zone, the JDK never looks the text up in DNS. */
  private static String ipv6(String ip, String spec) {
    try {
      if (ip.indexOf(':') >= 0 && InetAddress.getByName("[" + ip + "]") instanceof Inet6Address) {
        return ip.toLowerCase(Locale.ROOT);
      }
    } catch (UnknownHostException e) {
      // refused below
    }
    throw new BadRequest("invalid port mapping '" + spec + "': the host IP [" + ip
        + "] is not an IPv6 address (such as [::1])");
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
