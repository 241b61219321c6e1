package dev.slipway.web;

import dev.slipway.domain.BadRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Turns the dashboard's form fields into the JSON the jobs verticle takes. */
final class FormInput {
  private FormInput() {
  }

  /** {@code NAME=value} lines; blank lines and {@code #} comments are skipped. */
  static JsonObject keyValues(String text, String what) {
    JsonObject out = new JsonObject();
    if (text == null) {
      return out;
    }
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new BadRequest(what + ", line " + (i + 1) + ": write NAME=value");
      }
      out.put(line.substring(0, eq).strip(), line.substring(eq + 1));
    }
    return out;
  }

  /**
   * As {@link #keyValues(String, String)}, but a text that is not all {@code NAME=value} lines is noted in
   * {@code unreadable} under {@code field} and sent as a name no server accepts: the request is then surely refused,
   * and the refusal names the other fields' problems too, so the form shows every error at once.
   */
  static JsonObject keyValues(String text, String what, String field, Map<String, String> unreadable) {
    try {
      return keyValues(text, what);
    } catch (BadRequest e) {
      unreadable.put(field, e.getMessage());
      return new JsonObject().put(UNREADABLE, "");
    }
  }

  /** Never an environment variable's name (a space, a colon): the server refuses it as such. */
  static final String UNREADABLE = "unreadable: write NAME=value";

  static JsonArray ports(String text) {
    JsonArray out = new JsonArray();
    if (text != null) {
      for (String spec : text.split("[,\\s]+")) {
        if (!spec.isBlank()) {
          out.add(spec);
        }
      }
    }
    return out;
  }

  /** Pairs of {@code secretName} and {@code secretValue} fields; rows left empty are skipped. */
  static JsonObject secrets(MultiMap form) {
    List<String> names = form.getAll("secretName");
    List<String> values = form.getAll("secretValue");
    JsonObject out = new JsonObject();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip();
      String value = i < values.size() ? values.get(i) : "";
      if (!name.isEmpty() || !value.isEmpty()) {
        out.put(name, value);
      }
    }
    return out;
  }

  /**
   * The fields of what an app declares (see LaunchFields): {@code declaredEnvName}/{@code declaredEnvValue} and
   * {@code declaredSecretName}/{@code declaredSecretValue} pairs. One left empty is not set: the image's own default
   * applies, and a required secret is refused as missing.
   */
  static JsonObject declared(MultiMap form, String kind) {
    List<String> names = form.getAll("declared" + kind + "Name");
    List<String> values = form.getAll("declared" + kind + "Value");
    JsonObject out = new JsonObject();
    for (int i = 0; i < names.size() && i < values.size(); i++) {
      if (!values.get(i).isEmpty()) {
        out.put(names.get(i).strip(), values.get(i));
      }
    }
    return out;
  }

  /** The build half of a form; a line it cannot read is a 400 (the forms use {@link #build(MultiMap, Map)}). */
  static JsonObject build(MultiMap form) {
    return readable(form, FormInput::build);
  }

  /** The build half of a form; lines it cannot read are noted in {@code unreadable} (see {@link #keyValues}). */
  static JsonObject build(MultiMap form, Map<String, String> unreadable) {
    JsonObject build = new JsonObject().put("tag", form.get("tag") == null ? null : form.get("tag").strip())
        .put("buildArgs", keyValues(form.get("buildArgs"), "Build args", "buildArgs", unreadable))
        .put("noCache", form.contains("noCache"));
    String app = form.get("app");
    return app == null ? build : build.put("app", app);
  }

  /** The run half of a form; a line it cannot read is a 400 (the forms use {@link #run(MultiMap, Map)}). */
  static JsonObject run(MultiMap form) {
    return readable(form, FormInput::run);
  }

  private static JsonObject readable(MultiMap form,
                                     java.util.function.BiFunction<MultiMap, Map<String, String>, JsonObject> read) {
    Map<String, String> unreadable = new java.util.LinkedHashMap<>();
    JsonObject body = read.apply(form, unreadable);
    if (!unreadable.isEmpty()) {
      throw new BadRequest(unreadable.values().iterator().next());
    }
    return body;
  }

  /** The run half of a form; lines it cannot read are noted in {@code unreadable} (see {@link #keyValues}). */
  static JsonObject run(MultiMap form, Map<String, String> unreadable) {
    return runOptions(form, new JsonObject()
        .put("image", form.get("image"))
        .put("name", form.get("name"))
        .put("ports", ports(form.get("ports")))
        .put("env", declared(form, "Env").mergeIn(keyValues(form.get("env"), "Environment", "env", unreadable)))
        .put("secretEnv", declared(form, "Secret").mergeIn(secrets(form))));
  }

  /** The Node choice ({@link NodeChoice#FIELD}): a node's name pins the job to it; empty ("Any") lets Slipway pick. */
  static JsonObject pinned(MultiMap form, JsonObject body) {
    String node = form.get(NodeChoice.FIELD);
    return node == null || node.isBlank() ? body : body.put(NodeChoice.FIELD, node.strip());
  }

  /**
   * What the user entered, to fill the form in again after a refusal, in the shape the forms read ({@code EditForm}):
   * every field as text, but never a secret's value (only the names filled in), and the no-cache box as a boolean.
   *
   * @param kind {@code build}, {@code launch} or {@code run}: which button the app form shows as the main one
   */
  static JsonObject entered(MultiMap form, String kind) {
    JsonObject entered = new JsonObject();
    form.forEach(e -> {
      if (!e.getKey().equals("secretValue")) {
        entered.put(e.getKey(), e.getValue());
      }
    });
    return entered.put("kind", kind).put("noCache", form.contains("noCache"))
        .put("secretNames", new JsonArray(form.getAll("secretName").stream().filter(n -> !n.isBlank()).toList()));
  }

  /** The run options a form filled in; an empty field is left out, so the server's default applies. */
  static JsonObject runOptions(MultiMap form, JsonObject run) {
    for (String field : List.of("memory", "cpus", "restartPolicy")) {
      String value = form.get(field);
      if (value != null && !value.isBlank()) {
        run.put(field, value.strip());
      }
    }
    for (String field : List.of("command", "volumes")) {
      JsonArray lines = new JsonArray();
      String text = form.get(field);
      for (String line : text == null ? new String[0] : text.split("\r?\n")) {
        if (!line.isBlank()) {
          lines.add(field.equals("command") ? line : line.strip());
        }
      }
      if (!lines.isEmpty()) {
        run.put(field, lines);
      }
    }
    return run;
  }
}
