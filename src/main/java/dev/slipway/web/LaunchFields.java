package dev.slipway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The run settings an app declares (its slipway.json), as its Build/Launch form shows them up front: a password field
 * per secret, a field per environment variable, the ports with what they are for; with what was typed (never a
 * secret's value) and errors next to their fields. What the app does not declare stays in the form's other fields.
 *
 * @param otherSecretNames the secret rows under "more settings": the form's names the app does not declare
 * @param otherEnv         the Environment field: the form's lines for variables the app does not declare
 */
public record LaunchFields(String app, List<Secret> secrets, List<Env> env, List<Port> ports, String portsValue,
                           JsonArray otherSecretNames, String otherEnv) {
  public record Secret(String id, String name, boolean required, String description, String error) {
    /** The ids of its hint and its error, for {@code aria-describedby}; null when it has neither. */
    public String describedBy() {
      String ids = ((description == null ? "" : id + "-hint ") + (error == null ? "" : id + "-error")).strip();
      return ids.isEmpty() ? null : ids;
    }
  }

  public record Env(String id, String name, String value, String description) {
    public String describedBy() {
      return description == null ? null : id + "-hint";
    }
  }

  public record Port(String label, String description) {
  }

  /** Field errors are keyed {@code secretEnv.NAME}, as a refused launch names them. */
  public static LaunchFields of(JsonObject app, JsonObject form, Map<String, String> errors) {
    String name = app.getString("name");
    JsonObject f = form == null ? new JsonObject() : form;
    Map<String, String> errorsByField = errors == null ? Map.of() : errors;
    List<Secret> secrets = new ArrayList<>();
    for (Object item : app.getJsonArray("secrets", new JsonArray())) {
      JsonObject secret = (JsonObject) item;
      String secretName = secret.getString("name");
      secrets.add(new Secret(id(name, "secret", secretName), secretName, secret.getBoolean("required", false),
          secret.getString("description"), errorsByField.get("secretEnv." + secretName)));
    }
    Set<String> declaredSecrets = secrets.stream().map(Secret::name).collect(Collectors.toSet());
    Map<String, String> lines = envLines(f.getString("env"));
    Map<String, String> typed = new LinkedHashMap<>();
    f.getJsonObject("declaredEnv", new JsonObject()).forEach(e -> typed.put(e.getKey(), String.valueOf(e.getValue())));
    List<Env> env = new ArrayList<>();
    for (Object item : app.getJsonArray("env", new JsonArray())) {
      JsonObject variable = (JsonObject) item;
      String variableName = variable.getString("name");
      // A form filled in from a job (Edit & retry) has the variable among its lines; a refused form, in its own field.
      String value = lines.containsKey(variableName) ? lines.remove(variableName)
          : typed.containsKey(variableName) ? typed.get(variableName)
          : form == null ? variable.getString("default") : null;
      env.add(new Env(id(name, "env", variableName), variableName, value, variable.getString("description")));
    }
    List<Port> ports = new ArrayList<>();
    List<String> mappings = new ArrayList<>();
    for (Object item : app.getJsonArray("ports", new JsonArray())) {
      JsonObject port = (JsonObject) item;
      String protocol = port.getString("protocol", "tcp");
      ports.add(new Port(port.getInteger("containerPort") + "/" + protocol, port.getString("description")));
      mappings.add(":" + port.getInteger("containerPort") + ("tcp".equals(protocol) ? "" : "/" + protocol));
    }
    String portsValue = f.containsKey("ports") ? f.getString("ports") : String.join(", ", mappings);
    JsonArray otherSecrets = new JsonArray(f.getJsonArray("secretNames", new JsonArray()).stream()
        .filter(n -> !String.valueOf(n).isBlank() && !declaredSecrets.contains(String.valueOf(n))).toList());
    String otherEnv = form == null ? null : lines.entrySet().stream()
        .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    return new LaunchFields(name, secrets, env, ports, portsValue, otherSecrets, otherEnv);
  }

  public String portsHintId() {
    return id(app, "ports", "hint");
  }

  /** Whether the app declares anything, and the form shows it up front. */
  public boolean declared() {
    return !secrets.isEmpty() || !env.isEmpty() || !ports.isEmpty();
  }

  /** An element id unique on a page that lists every app (app names and variable names are id-safe). */
  private static String id(String app, String kind, String name) {
    return "app-" + app + "-" + kind + "-" + name;
  }

  /** {@code NAME=value} lines in order; lines that are not such pairs are kept as they are, under their own text. */
  private static Map<String, String> envLines(String text) {
    Map<String, String> lines = new LinkedHashMap<>();
    if (text == null) {
      return lines;
    }
    for (String line : text.split("\r?\n")) {
      int eq = line.indexOf('=');
      if (!line.isBlank()) {
        lines.put(eq > 0 ? line.substring(0, eq).strip() : line, eq > 0 ? line.substring(eq + 1) : null);
      }
    }
    return lines;
  }
}
