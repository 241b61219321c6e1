package dev.slipway.jobs;

import dev.slipway.domain.PortSpec;
import dev.slipway.domain.Names;
import dev.slipway.domain.BadRequest;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validated run: image, optional name, port mappings, env vars and secret env vars. */
public record RunRequest(String image, String name, List<String> portSpecs, List<PortSpec> ports,
                         Map<String, String> env, Map<String, String> secretEnv) {

  /** {@code image} overrides the body's image (a launch runs what it just built). */
  public static RunRequest from(JsonObject body, String image) {
    String given = Inputs.string(body, "image");
    String chosen = image != null ? image : given == null ? null : given.trim();
    List<String> specs = new ArrayList<>();
    Object raw = body.getValue("ports");
    if (raw != null && !(raw instanceof JsonArray)) {
      throw new BadRequest("ports must be a list such as [\"8888:8888\"]");
    }
    List<PortSpec> ports = new ArrayList<>();
    for (Object spec : raw == null ? new JsonArray() : (JsonArray) raw) {
      if (!(spec instanceof String s)) {
        throw new BadRequest("invalid port mapping '" + spec + "': write it as a string such as \"8888:8888\"");
      }
      ports.add(PortSpec.parse(s));
      specs.add(s.trim());
    }
    Map<String, String> env = Inputs.stringMap(body, "env", "environment variable");
    Map<String, String> secrets = Inputs.stringMap(body, "secretEnv", "secret environment variable");
    secrets.forEach(SecretMasker::requireMaskable);
    return new RunRequest(Names.image(chosen), Names.container(Inputs.string(body, "name")), specs, ports, env, secrets);
  }

  public SecretMasker masker() {
    return new SecretMasker(secretEnv.values());
  }

  /** The only shape that carries secret values; it goes to the Docker worker and nowhere else. */
  public JsonObject toWorker(String jobId) {
    JsonArray portJson = new JsonArray();
    ports.forEach(p -> portJson.add(p.toJson()));
    return new JsonObject().put("jobId", jobId).put("image", image).put("name", name).put("ports", portJson)
        .put("env", new JsonObject(new LinkedHashMap<>(env))).put("secretEnv", new JsonObject(new LinkedHashMap<>(secretEnv)));
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
    return new JsonObject().put("image", masker.mask(image)).put("name", masker.mask(name))
        .put("ports", new JsonArray(portSpecs)).put("env", shownEnv).put("secretEnv", secrets);
  }
}
