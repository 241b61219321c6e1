package dev.slipway.jobs;

import dev.slipway.domain.PortSpec;
import dev.slipway.domain.Names;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.FieldErrors;
import dev.slipway.domain.Role;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated run: image, optional name, port mappings, env vars, secret env vars, the {@link RunOptions}, and the
 * user it runs for (its containers carry the name as a label).
 */
public record RunRequest(String image, String name, List<String> portSpecs, List<PortSpec> ports,
                         Map<String, String> env, Map<String, String> secretEnv, RunOptions options, String user) {
  /** Enough for any app; a bound keeps a job's row and the engine's work small. */
  static final int MAX_PORTS = 100;
  /** Every field a run body may have: anything else is a typo, refused rather than silently ignored. */
  static final Set<String> FIELDS = Set.of("image", "name", "ports", "env", "secretEnv", "command", "volumes", "binds",
      "restartPolicy", "memory", "cpus", "privileged", "networkMode", "capAdd", "devices");

  /**
   * Only for code that predates callers: runs as an admin with the default limits.
   *
   * @deprecated pass the caller and the limits: {@link #from(JsonObject, String, Caller, RunLimits)}
   */
  @Deprecated
  public static RunRequest from(JsonObject body, String image) {
    return from(body, image, Caller.SYSTEM, RunLimits.defaults());
  }

  /**
   * {@code image} overrides the body's image (a launch runs what it just built; its {@code run} object then has no
   * image). 400 for a malformed or unknown field, 403 for what {@code caller}'s role may not do ({@link RunGuard}).
   */
  public static RunRequest from(JsonObject body, String image, Caller caller, RunLimits limits) {
    caller.require(Role.OPERATOR, "starting a container");
    String where = image == null ? "" : "run.";
    // Every field is checked, so a refusal names all that is wrong at once (each under its name: a form marks it).
    FieldErrors errors = new FieldErrors(where);
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field) || image != null && field.equals("image") && body.getValue(field) != null) {
        errors.add(field, new BadRequest("unknown field '" + where + field + "' in the run request"
            + (field.equals("image") ? " (a launch runs the image it builds)" : "")));
      }
    }
    String chosen = errors.read("image", () -> {
      String given = Inputs.string(body, "image");
      return Names.image(image != null ? image : given == null ? null : given.trim());
    });
    String name = errors.read("name", () -> Names.container(Inputs.string(body, "name")));
    List<String> specs = new ArrayList<>();
    List<PortSpec> ports = errors.read("ports", () -> ports(body.getValue("ports"), specs));
    Map<String, String> env = errors.read("env", () -> Inputs.stringMap(body, "env", "environment variable"));
    Map<String, String> secrets = errors.read("secretEnv", () -> {
      Map<String, String> read = Inputs.stringMap(body, "secretEnv", "secret environment variable");
      read.forEach(SecretMasker::requireMaskable);
      return read;
    });
    RunOptions options = errors.read("options", () -> RunOptions.from(body, limits));
    errors.throwIfAny();
    RunGuard.check(caller, ports, options, limits);
    return new RunRequest(chosen, name, specs, ports, env, secrets, options, caller.user());
  }

  /** The port mappings, their specs (as given, trimmed) added to {@code specs}. */
  private static List<PortSpec> ports(Object raw, List<String> specs) {
    if (raw != null && !(raw instanceof JsonArray)) {
      throw new BadRequest("ports must be a list such as [\"8888:8888\"]");
    }
    if (raw != null && ((JsonArray) raw).size() > MAX_PORTS) {
      throw new BadRequest("ports: at most " + MAX_PORTS + " port mappings");
    }
    List<PortSpec> ports = new ArrayList<>();
    for (Object spec : raw == null ? new JsonArray() : (JsonArray) raw) {
      if (!(spec instanceof String s)) {
        throw new BadRequest("invalid port mapping '" + spec + "': write it as a string such as \"8888:8888\"");
      }
      ports.add(PortSpec.parse(s));
      specs.add(s.trim());
    }
    return ports;
  }

  public SecretMasker masker() {
    return new SecretMasker(secretEnv.values());
  }

  /** The only shape that carries secret values; it goes to the Docker worker and nowhere else. */
  public JsonObject toWorker(String jobId) {
    JsonArray portJson = new JsonArray();
    ports.forEach(p -> portJson.add(p.toJson()));
    return options.addTo(new JsonObject().put("jobId", jobId).put("image", image).put("name", name).put("ports", portJson)
        .put("env", new JsonObject(new LinkedHashMap<>(env))).put("secretEnv", new JsonObject(new LinkedHashMap<>(secretEnv)))
        .put("user", user));
  }

  /** What anyone may see: secret values show as {@link SecretMasker#MASK}, and so do they inside other values. */
  public JsonObject toJson() {
    return toJson(masker());
  }

  /** As {@link #toJson()}, with the job's own masker (built once per job rather than per call). */
  public JsonObject toJson(SecretMasker masker) {
    JsonObject secrets = new JsonObject();
    secretEnv.keySet().forEach(k -> secrets.put(k, SecretMasker.MASK));
    JsonObject shownEnv = new JsonObject();
    env.forEach((k, v) -> shownEnv.put(k, masker.mask(v)));
    JsonObject shown = new JsonObject().put("image", masker.mask(image)).put("name", masker.mask(name))
        .put("ports", new JsonArray(portSpecs)).put("env", shownEnv).put("secretEnv", secrets)
        .put("user", user).mergeIn(options.toJson());
    // A secret passed as a command argument or in a volume spec shows masked too.
    for (String list : new String[] {"command", "volumes"}) {
      JsonArray values = shown.getJsonArray(list);
      if (values != null) {
        JsonArray masked = new JsonArray();
        values.forEach(v -> masked.add(v instanceof String text ? masker.mask(text) : v));
        shown.put(list, masked);
      }
    }
    return shown;
  }
}
