package dev.slipway.web;

import dev.slipway.domain.JobKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A job's parameters as the dashboard's forms take them, for Edit &amp; retry: the run form's fields for a run, the
 * app form's for a build or a launch. What the job's JSON only shows masked (a secret's value, or a value a secret
 * hid in) is never put into a field as if it were the real value: it is left out, and a notice says so.
 *
 * @param form the fields as text, as {@code run.jte} and {@code appForm.jte} read them
 * @param notices what the user must know before submitting (values to enter again, settings the form cannot hold)
 */
record EditForm(JsonObject form, List<String> notices) {
  /** Run settings the job's JSON shows but no form field holds (admin-only options). */
  private static final List<String> API_ONLY = List.of("binds", "privileged", "networkMode", "capAdd", "devices");

  static EditForm of(JsonObject job) {
    JsonObject form = new JsonObject().put("kind", job.getString("kind"));
    List<String> notices = new ArrayList<>();
    JsonObject build = job.getJsonObject("build");
    JsonObject run = job.getJsonObject("run");
    if (build != null) {
      form.put("app", build.getString("app"));
      form.put("tag", unmasked(build.getString("tag"), "The tag", notices));
      form.put("buildArgs", lines(build.getJsonObject("buildArgs", new JsonObject()), "build arg", notices));
      form.put("noCache", build.getBoolean("noCache", false));
    }
    if (run != null) {
      if (JobKind.RUN.wire().equals(job.getString("kind"))) {
        form.put("image", unmasked(run.getString("image"), "The image", notices));
      }
      form.put("name", unmasked(run.getString("name"), "The container name", notices));
      form.put("ports", String.join(", ", strings(run.getJsonArray("ports"))));
      form.put("env", lines(run.getJsonObject("env", new JsonObject()), "environment variable", notices));
      form.put("command", listField(run, "command", "The command", notices));
      form.put("volumes", listField(run, "volumes", "The volumes", notices));
      form.put("restartPolicy", run.getString("restartPolicy"));
      form.put("memory", run.getValue("memory") == null ? null : String.valueOf(run.getValue("memory")));
      form.put("cpus", run.getValue("cpus") instanceof Number n
          ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : null);
      JsonArray secretNames = new JsonArray(new ArrayList<>(run.getJsonObject("secretEnv", new JsonObject())
          .fieldNames()));
      form.put("secretNames", secretNames);
      if (!secretNames.isEmpty()) {
        notices.add(0, "Secret values are never stored: enter the value of " + String.join(", ", strings(secretNames))
            + " again.");
      }
      List<String> apiOnly = API_ONLY.stream().filter(field -> isSet(run.getValue(field)))
          .map(field -> field + " " + run.getValue(field)).toList();
      if (!apiOnly.isEmpty()) {
        notices.add("This job also used " + String.join(", ", apiOnly) + ", which this form cannot set: a retry from "
            + "here runs without them (send the run through the REST API to keep them).");
      }
    }
    return new EditForm(form, notices);
  }

  /** A single value, or null and a notice when a secret's value was inside it. */
  private static String unmasked(String value, String what, List<String> notices) {
    if (Resubmission.masked(value)) {
      notices.add(what + " was left empty: it contained a secret's value, which Slipway does not keep. Enter it again.");
      return null;
    }
    return value;
  }

  /** {@code NAME=value} lines; a value with a secret's value in it is left out, and a notice names it. */
  private static String lines(JsonObject values, String what, List<String> notices) {
    List<String> lines = new ArrayList<>();
    List<String> left = new ArrayList<>();
    values.forEach(e -> {
      String value = String.valueOf(e.getValue());
      if (Resubmission.masked(value)) {
        left.add(e.getKey());
      } else {
        lines.add(e.getKey() + "=" + value);
      }
    });
    if (!left.isEmpty()) {
      notices.add("The " + what + (left.size() > 1 ? "s " : " ") + String.join(", ", left) + (left.size() > 1
          ? " were" : " was") + " left out: " + (left.size() > 1 ? "their values" : "its value")
          + " contained a secret's value, which Slipway does not keep. Enter " + (left.size() > 1 ? "them" : "it")
          + " again.");
    }
    return String.join("\n", lines);
  }

  /** One element a line (the command, the volumes); all of it left out when a secret's value hid in it. */
  private static String listField(JsonObject run, String field, String what, List<String> notices) {
    List<String> items = strings(run.getJsonArray(field));
    if (Resubmission.masked(new JsonArray(new ArrayList<>(items)))) {
      notices.add(what + " was left empty: it contained a secret's value, which Slipway does not keep. Enter it again.");
      return null;
    }
    if (items.stream().anyMatch(item -> item.contains("\n"))) {
      notices.add(what + " has an element with a line break, which the form splits into two lines: check it.");
    }
    return items.isEmpty() ? null : String.join("\n", items);
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).collect(Collectors.toList());
  }

  private static boolean isSet(Object value) {
    return value != null && !Boolean.FALSE.equals(value) && !(value instanceof JsonArray a && a.isEmpty())
        && !(value instanceof String s && s.isBlank());
  }
}
