package dev.slipway.jobs;

import com.github.dockerjava.api.model.Capability;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.FieldErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a container runs, beyond image, name, ports and environment: its command, mounts, restart policy, resource
 * limits, and the options that reach beyond the container (privileged, host network, capabilities, devices, binds),
 * which {@link RunGuard} keeps for admins. Parsing only checks shape; every problem is a 400 naming the field.
 */
public record RunOptions(List<String> command, List<MountSpec> volumes, List<MountSpec> binds, String restartPolicy,
                         long memory, double cpus, long pidsLimit, boolean privileged, String networkMode,
                         List<String> capAdd, List<String> devices) {
  /** Docker refuses less. */
  static final long MIN_MEMORY = 6L * 1024 * 1024;
  static final double MIN_CPUS = 0.01;
  static final Set<String> RESTART_POLICIES = Set.of("no", "on-failure", "unless-stopped");
  private static final Pattern NETWORK = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  private static final Pattern CONTAINER_NETWORK = Pattern.compile("container:[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  private static final Pattern DEVICE = Pattern.compile("/[^:\\p{Cntrl}]+(?::/[^:\\p{Cntrl}]+)?(?::[rwm]{1,3})?");

  /** Refuses every field that is wrong, each under its name ({@link FieldErrors}). */
  static RunOptions from(JsonObject body, RunLimits limits) {
    FieldErrors errors = new FieldErrors();
    List<String> given = errors.read("command", () -> body.getValue("command") == null ? null
        : strings(body, "command", "the command, one argument per element, such as [\"sh\", \"-c\", \"echo hi\"]",
        s -> s));
    List<String> command = given == null || given.isEmpty() ? null : given;
    String restart = errors.read("restartPolicy", () -> {
      String policy = body.getValue("restartPolicy") == null ? "no" : body.getValue("restartPolicy") instanceof String s
          ? s.trim() : "";
      if (!RESTART_POLICIES.contains(policy)) {
        throw new BadRequest("restartPolicy must be no, on-failure or unless-stopped, not "
            + body.getValue("restartPolicy"));
      }
      return policy;
    });
    Long memory = errors.read("memory", () -> {
      long bytes = body.getValue("memory") == null ? limits.defaultMemory()
          : MemorySize.parse(body.getValue("memory"), "memory");
      if (bytes < MIN_MEMORY) {
        throw new BadRequest("memory must be at least 6m (Docker's minimum), not " + MemorySize.format(bytes));
      }
      return bytes;
    });
    List<MountSpec> volumes = errors.read("volumes", () -> strings(body, "volumes",
        "named volumes such as \"data:/data\" or \"data:/data:ro\"", s -> s).stream()
        .map(v -> MountSpec.parse(v, "volumes")).toList());
    List<MountSpec> binds = errors.read("binds", () -> strings(body, "binds", "host paths such as \"/srv/data:/data:ro\"",
        s -> s).stream().map(b -> bindOnly(MountSpec.parse(b, "binds"))).toList());
    Double cpus = errors.read("cpus", () -> body.getValue("cpus") == null ? limits.defaultCpus()
        : cpus(body.getValue("cpus")));
    Boolean privileged = errors.read("privileged", () -> Inputs.flag(body, "privileged"));
    String network = errors.read("networkMode", () -> network(body.getValue("networkMode")));
    List<String> capAdd = errors.read("capAdd", () -> strings(body, "capAdd", "capability names such as [\"NET_ADMIN\"]",
        RunOptions::capability));
    List<String> devices = errors.read("devices", () -> strings(body, "devices",
        "device paths such as [\"/dev/fuse\"] or [\"/dev/sda:/dev/xvda:r\"]", RunOptions::device));
    errors.throwIfAny();
    return new RunOptions(command, volumes, binds, restart, memory, cpus, limits.pidsLimit(), privileged, network,
        capAdd, devices);
  }

  /** Docker's own notation for what the host hands the container (never a secret). */
  JsonObject toJson() {
    return new JsonObject().put("command", command == null ? null : new JsonArray(command))
        .put("volumes", new JsonArray(volumes.stream().map(MountSpec::spec).toList()))
        .put("binds", new JsonArray(binds.stream().map(MountSpec::spec).toList()))
        .put("restartPolicy", restartPolicy).put("memory", MemorySize.format(memory)).put("cpus", cpus)
        .put("pidsLimit", pidsLimit).put("privileged", privileged).put("networkMode", networkMode)
        .put("capAdd", new JsonArray(capAdd)).put("devices", new JsonArray(devices));
  }

  /** Adds what the Docker worker needs to {@code worker}: sizes in bytes, CPUs in billionths. */
  JsonObject addTo(JsonObject worker) {
    JsonArray mounts = new JsonArray();
    volumes.forEach(m -> mounts.add(m.toWorker()));
    binds.forEach(m -> mounts.add(m.toWorker()));
    return worker.put("command", command == null ? null : new JsonArray(command)).put("mounts", mounts)
        .put("restartPolicy", restartPolicy).put("memory", memory).put("nanoCpus", Math.round(cpus * 1e9))
        .put("pidsLimit", pidsLimit).put("privileged", privileged).put("networkMode", networkMode)
        .put("capAdd", new JsonArray(capAdd)).put("devices", new JsonArray(devices));
  }

  private static MountSpec bindOnly(MountSpec mount) {
    if (!mount.bind()) {
      throw new BadRequest("binds: '" + mount.source() + "' is not an absolute host path; named volumes go in volumes");
    }
    return mount;
  }

  private static double cpus(Object value) {
    double cpus;
    try {
      cpus = value instanceof Number n ? n.doubleValue()
          : value instanceof String s ? Double.parseDouble(s.trim()) : Double.NaN;
    } catch (NumberFormatException e) {
      cpus = Double.NaN;
    }
    if (!(cpus >= MIN_CPUS) || Double.isInfinite(cpus)) {
      throw new BadRequest("cpus must be a number of CPUs of at least 0.01, such as 1.5, not " + value);
    }
    return cpus;
  }

  private static String network(Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    String mode = value instanceof String s ? s.trim() : "";
    if (!NETWORK.matcher(mode).matches() && !CONTAINER_NETWORK.matcher(mode).matches()) {
      throw new BadRequest("networkMode must be bridge, none, host, container:NAME or a network's name, not " + value);
    }
    return mode;
  }

  private static String capability(String name) {
    String cap = name.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
    try {
      return Capability.valueOf(cap).name();
    } catch (IllegalArgumentException e) {
      throw new BadRequest("capAdd: '" + name + "' is not a Linux capability (such as NET_ADMIN or SYS_PTRACE)");
    }
  }

  private static String device(String spec) {
    if (!DEVICE.matcher(spec).matches() || List.of(spec.split("[/:]")).contains("..")) {
      throw new BadRequest("devices: '" + spec + "' is not /dev/HOST[:/dev/CONTAINER][:rwm]");
    }
    return spec;
  }

  /** An optional list of strings, each checked by {@code check}; a 400 naming {@code field} otherwise. */
  private static List<String> strings(JsonObject body, String field, String shape, Function<String, String> check) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray list)) {
      throw new BadRequest(field + " must be a list: " + shape);
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s) || s.indexOf('\0') >= 0) {
        throw new BadRequest(field + " must be a list of strings: " + shape + "; " + item + " is not one");
      }
      out.add(check.apply(s));
    }
    return List.copyOf(out);
  }
}
