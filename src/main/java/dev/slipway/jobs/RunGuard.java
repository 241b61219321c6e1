package dev.slipway.jobs;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.PortSpec;
import dev.slipway.domain.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may run what on a shared engine. Operators run containers inside their limits; whatever reaches past the
 * container into the host (its files, devices, network, capabilities, privileged ports, the Docker socket, which is
 * root on the host) is for admins. A refusal is a 403 that names every such field, before anything is created.
 */
final class RunGuard {
  /** Host ports below this need root on the host: only admins may publish them. */
  static final int FIRST_UNPRIVILEGED_PORT = 1024;

  private RunGuard() {
  }

  static void check(Caller caller, List<PortSpec> ports, RunOptions options, RunLimits limits) {
    boolean admin = caller.can(Role.ADMIN);
    List<String> adminOnly = new ArrayList<>();
    for (MountSpec volume : options.volumes()) {
      if (volume.bind() && admin) {
        throw new BadRequest("volumes: '" + volume.spec() + "' is a host path: put host paths in binds");
      }
      if (volume.bind()) {
        adminOnly.add("volumes: '" + volume.spec() + "' is a host path (a bind mount)" + socketNote(volume));
      }
    }
    options.binds().forEach(b -> adminOnly.add("binds: '" + b.spec() + "'" + socketNote(b)));
    if (options.privileged()) {
      adminOnly.add("privileged");
    }
    String network = options.networkMode();
    if ("host".equals(network) || network != null && network.startsWith("container:")) {
      adminOnly.add("networkMode " + network);
    }
    if (!options.capAdd().isEmpty()) {
      adminOnly.add("capAdd " + options.capAdd());
    }
    if (!options.devices().isEmpty()) {
      adminOnly.add("devices " + options.devices());
    }
    ports.stream().filter(p -> p.hostPort() != null && p.hostPort() < FIRST_UNPRIVILEGED_PORT)
        .forEach(p -> adminOnly.add("host port " + p.hostPort() + " (below " + FIRST_UNPRIVILEGED_PORT + ")"));
    if (!admin && !adminOnly.isEmpty()) {
      throw new BadRequest(403, "only an admin may use " + String.join("; ", adminOnly) + ". " + caller.user()
          + " is " + caller.role().wire());
    }
    checkMaxima(caller, options, limits);
  }

  /** Above an operator's maximum is a 403, like the admin-only fields: an admin may start it. */
  private static void checkMaxima(Caller caller, RunOptions options, RunLimits limits) {
    Long maxMemory = limits.maxMemory(caller.role());
    if (maxMemory != null && options.memory() > maxMemory) {
      throw new BadRequest(403, "memory " + MemorySize.format(options.memory()) + " is above the "
          + caller.role().wire() + " maximum of " + MemorySize.format(maxMemory) + "; ask an admin");
    }
    Double maxCpus = limits.maxCpus(caller.role());
    if (maxCpus != null && options.cpus() > maxCpus) {
      throw new BadRequest(403, "cpus " + options.cpus() + " is above the " + caller.role().wire()
          + " maximum of " + maxCpus + "; ask an admin");
    }
  }

  private static String socketNote(MountSpec mount) {
    return mount.mountsDockerSocket() ? ", which mounts the Docker socket" : "";
  }
}
