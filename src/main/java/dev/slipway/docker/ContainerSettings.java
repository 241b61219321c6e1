package dev.slipway.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.slipway.domain.PortSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The host side of a container from a run request the jobs verticle validated ({@code jobs.RunOptions}): ports,
 * mounts, restart policy, memory, CPUs and PIDs limits, and the admin-only options.
 */
final class ContainerSettings {
  /** Also for a request that names none (one from before limits): a fork bomb must never take the host. */
  static final long FALLBACK_PIDS_LIMIT = 1024;

  private ContainerSettings() {
  }

  static HostConfig hostConfig(JsonObject request, List<PortSpec> specs) {
    HostConfig host = HostConfig.newHostConfig().withPortBindings(PortBindings.bindings(specs))
        .withPidsLimit(request.getLong("pidsLimit", FALLBACK_PIDS_LIMIT))
        .withRestartPolicy(restartPolicy(request.getString("restartPolicy", "no")))
        .withMounts(mounts(request.getJsonArray("mounts", new JsonArray())))
        .withPrivileged(request.getBoolean("privileged", false));
    Long memory = request.getLong("memory");
    if (memory != null) {
      // Swap equal to memory: the limit is the container's whole share, not a start to swapping on the host.
      host.withMemory(memory).withMemorySwap(memory);
    }
    Long nanoCpus = request.getLong("nanoCpus");
    if (nanoCpus != null) {
      host.withNanoCPUs(nanoCpus);
    }
    String network = request.getString("networkMode");
    if (network != null) {
      host.withNetworkMode(network);
    }
    List<Capability> caps = strings(request, "capAdd").stream().map(Capability::valueOf).toList();
    if (!caps.isEmpty()) {
      host.withCapAdd(caps.toArray(Capability[]::new));
    }
    List<Device> devices = strings(request, "devices").stream().map(Device::parse).toList();
    if (!devices.isEmpty()) {
      host.withDevices(devices);
    }
    return host;
  }

  /** The command that replaces the image's {@code CMD}; null keeps the image's own. */
  static List<String> command(JsonObject request) {
    List<String> command = strings(request, "command");
    return command.isEmpty() ? null : command;
  }

  private static RestartPolicy restartPolicy(String policy) {
    return switch (policy) {
      case "on-failure" -> RestartPolicy.onFailureRestart(0);
      case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
      default -> RestartPolicy.noRestart();
    };
  }

  private static List<Mount> mounts(JsonArray mounts) {
    return mounts.stream().map(m -> (JsonObject) m).map(m -> new Mount()
        .withType("bind".equals(m.getString("type")) ? MountType.BIND : MountType.VOLUME)
        .withSource(m.getString("source")).withTarget(m.getString("target"))
        .withReadOnly(m.getBoolean("readOnly", false))).toList();
  }

  private static List<String> strings(JsonObject request, String field) {
    JsonArray list = request.getJsonArray(field);
    return list == null ? List.of() : list.stream().map(String::valueOf).toList();
  }
}
