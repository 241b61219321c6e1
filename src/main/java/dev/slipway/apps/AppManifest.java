package dev.slipway.apps;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an app says about itself (its {@code slipway.json}, or the Dockerfile's {@code LABEL dev.slipway.app}): the
 * container ports it listens on, the environment it reads, and the secrets it needs. {@link ManifestJson} reads one.
 *
 * @param source where it was read from, for messages; null for an app that declares nothing
 */
public record AppManifest(List<Port> ports, List<EnvVar> env, List<Secret> secrets, String source) {
  public static final AppManifest NONE = new AppManifest(List.of(), List.of(), List.of(), null);

  /** A container port, {@code tcp} or {@code udp}. */
  public record Port(int containerPort, String protocol, String description) {
    public String key() {
      return containerPort + "/" + protocol;
    }

    JsonObject toJson() {
      return new JsonObject().put("containerPort", containerPort).put("protocol", protocol)
          .put("description", description);
    }
  }

  /** An environment variable; {@code defaultValue} is what the Launch form proposes (null: nothing). */
  public record EnvVar(String name, String defaultValue, String description) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("default", defaultValue).put("description", description);
    }
  }

  /** A secret environment variable; a launch without a required one is refused. */
  public record Secret(String name, boolean required, String description) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("required", required).put("description", description);
    }
  }

  public Set<String> portKeys() {
    return ports.stream().map(Port::key).collect(Collectors.toUnmodifiableSet());
  }

  public Set<String> secretNames() {
    return secrets.stream().map(Secret::name).collect(Collectors.toUnmodifiableSet());
  }

  public List<Secret> requiredSecrets() {
    return secrets.stream().filter(Secret::required).toList();
  }

  JsonArray portsJson() {
    return new JsonArray(ports.stream().map(Port::toJson).toList());
  }

  JsonArray envJson() {
    return new JsonArray(env.stream().map(EnvVar::toJson).toList());
  }

  JsonArray secretsJson() {
    return new JsonArray(secrets.stream().map(Secret::toJson).toList());
  }
}
