package dev.slipway.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A refused form's errors as its template shows them: each next to its field ({@code aria-invalid},
 * {@code aria-describedby} to the message), and all of them in a summary at the top that links to the fields.
 * Fields are named as the API names them, a launch's run settings without their {@code run.} (the form has one
 * level), a declared secret as {@code secretEnv.NAME}; every element id starts with {@code prefix}, so a page with a
 * form per app has unique ids.
 *
 * @param declaredSecrets the secrets the form has a field of their own for (an app's declared ones)
 */
public record FormErrors(String prefix, Map<String, String> byField, Set<String> declaredSecrets) {
  /** The fields a form of Slipway's has an element for; anything else (binds, say) is in the summary alone. */
  private static final Set<String> FORM_FIELDS = Set.of("image", "name", "ports", "env", "secretEnv", "command",
      "volumes", "restartPolicy", "memory", "cpus", "node", "tag", "buildArgs", "context");

  public static final FormErrors NONE = new FormErrors("", Map.of(), Set.of());

  public record Item(String message, String href) {
  }

  /** {@code fields} as the API names them: a launch's {@code run.ports} is the form's {@code ports}. */
  static FormErrors of(String prefix, Map<String, String> fields, Set<String> declaredSecrets) {
    Map<String, String> byField = new LinkedHashMap<>();
    fields.forEach((field, message) -> byField.merge(field.startsWith("run.") ? field.substring(4) : field, message,
        (a, b) -> a + " " + b));
    return new FormErrors(prefix, byField, declaredSecrets);
  }

  /** No errors, for a form whose element ids start with {@code prefix}. */
  public static FormErrors empty(String prefix) {
    return new FormErrors(prefix, Map.of(), Set.of());
  }

  /** These errors, or none, for the form whose ids start with {@code prefix}. */
  public FormErrors orEmpty(String prefix) {
    return any() ? this : empty(prefix);
  }

  public boolean any() {
    return !byField.isEmpty();
  }

  public String id(String field) {
    return prefix + field;
  }

  /** The message next to {@code field}; the secret rows' ({@code secretEnv}) has those of undeclared secrets too. */
  public String error(String field) {
    if (!"secretEnv".equals(field)) {
      return byField.get(field);
    }
    List<String> messages = new ArrayList<>();
    byField.forEach((name, message) -> {
      if (name.equals("secretEnv") || name.startsWith("secretEnv.") && !declaredSecrets.contains(name.substring(10))) {
        messages.add(message);
      }
    });
    return messages.isEmpty() ? null : String.join(" ", messages);
  }

  public String invalid(String field) {
    return error(field) == null ? null : "true";
  }

  /** The message's id, for {@code aria-describedby}, and a hint's id before it when the field has one. */
  public String describedBy(String field, String hintId) {
    String ids = ((hintId == null ? "" : hintId + " ") + (error(field) == null ? "" : id(field) + "-error")).strip();
    return ids.isEmpty() ? null : ids;
  }

  public String describedBy(String field) {
    return describedBy(field, null);
  }

  /** Every error, in the order the server checked them, with a link to its field when the form has one. */
  public List<Item> summary() {
    List<Item> items = new ArrayList<>();
    byField.forEach((field, message) -> items.add(new Item(message, href(field))));
    return items;
  }

  private String href(String field) {
    if (field.startsWith("secretEnv.")) {
      String name = field.substring(10);
      return declaredSecrets.contains(name) ? "#" + prefix + "secret-" + name : "#" + id("secretEnv");
    }
    if (field.equals("node")) {
      // The Node field's id (nodeField.jte) predates these: node-run, node-APP.
      return "#node-" + (prefix.startsWith("app-") ? prefix.substring(4, prefix.length() - 1) : "run");
    }
    return FORM_FIELDS.contains(field) ? "#" + id(field) : null;
  }
}
