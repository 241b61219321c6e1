package dev.slipway.builds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image a Dockerfile's final stage starts from, read as the classic builder reads it: the {@code escape} directive,
 * comments and line continuations, {@code ARG}s before the first {@code FROM} (their defaults, or the build args given
 * for them) in {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-word}} and {@code ${NAME:+word}}, {@code --platform},
 * and a {@code FROM} that names an earlier stage, followed to that stage's own image.
 */
public final class BaseImage {
  private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([a-zA-Z]+)\\s*=\\s*(\\S+)\\s*");
  private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?}"
      + "|([A-Za-z_][A-Za-z0-9_]*))");

  private BaseImage() {
  }

  /** The final stage's image reference ({@code scratch} included), or null when the Dockerfile names none. */
  public static String of(String dockerfile, Map<String, String> buildArgs) {
    Map<String, String> metaArgs = new HashMap<>();
    Map<String, String> stages = new HashMap<>();
    String last = null;
    for (String instruction : instructions(dockerfile)) {
      String[] words = instruction.trim().split("\\s+");
      String keyword = words[0].toUpperCase(Locale.ROOT);
      if (keyword.equals("ARG") && last == null) {
        for (int i = 1; i < words.length; i++) {
          String[] pair = words[i].split("=", 2);
          metaArgs.put(pair[0], buildArgs.getOrDefault(pair[0], pair.length > 1 ? unquote(pair[1]) : null));
        }
      } else if (keyword.equals("FROM")) {
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
          if (!words[i].startsWith("--")) {
            rest.add(words[i]);
          }
        }
        if (rest.isEmpty()) {
          continue;
        }
        String image = expand(rest.get(0), metaArgs);
        // A stage built on an earlier stage starts from that stage's image.
        String base = stages.getOrDefault(image.toLowerCase(Locale.ROOT), image);
        if (rest.size() >= 3 && rest.get(1).equalsIgnoreCase("AS")) {
          stages.put(rest.get(2).toLowerCase(Locale.ROOT), base);
        }
        last = base;
      }
    }
    return last;
  }

  /** The Dockerfile's instructions, one string each: directives read, comments dropped, continued lines joined. */
  static List<String> instructions(String dockerfile) {
    char escape = '\\';
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    boolean directives = true;
    for (String line : dockerfile.split("\r?\n", -1)) {
      Matcher directive = DIRECTIVE.matcher(line);
      if (directives && directive.matches()) {
        if (directive.group(1).equalsIgnoreCase("escape") && directive.group(2).length() == 1) {
          escape = directive.group(2).charAt(0);
        }
        continue;
      }
      directives = false;
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current != null)) {
        continue;
      }
      boolean continues = trimmed.length() > 0 && trimmed.charAt(trimmed.length() - 1) == escape;
      String part = continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
      current = current == null ? new StringBuilder(part) : current.append(' ').append(part);
      if (!continues) {
        if (!current.toString().isBlank()) {
          out.add(current.toString());
        }
        current = null;
      }
    }
    if (current != null && !current.toString().isBlank()) {
      out.add(current.toString());
    }
    return out;
  }

  private static String expand(String word, Map<String, String> args) {
    Matcher m = VARIABLE.matcher(word);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String value = args.get(name);
      boolean set = value != null && !value.isEmpty();
      String replacement = m.group(2) == null ? (value == null ? "" : value)
          : m.group(2).equals("-") ? (set ? value : m.group(3)) : (set ? m.group(3) : "");
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return unquote(out.toString());
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
