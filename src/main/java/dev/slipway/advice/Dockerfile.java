package dev.slipway.advice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Dockerfile: its instructions, its parser directives, and what made no sense to the parser (a build of it
 * would fail there too). {@link DockerfileParser#parse} makes one.
 */
public record Dockerfile(List<Instruction> instructions, Map<String, String> directives, char escape,
                         List<Problem> problems) {
  /** Something the parser could not read, at a line. */
  public record Problem(int line, String message) {
  }

  /**
   * A build stage: its FROM, the base image (global ARG defaults substituted; null when a variable has no default),
   * its {@code AS} name (lower case, or null) and the instructions after the FROM.
   */
  public record Stage(int index, Instruction from, String image, String name, List<Instruction> body) {
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}"
      + "|([A-Za-z_][A-Za-z0-9_]*))");

  /** The ARGs before the first FROM, with their defaults (null without one): the only variables FROM may use. */
  public Map<String, String> globalArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    for (Instruction instruction : instructions) {
      if (instruction.is("FROM")) {
        break;
      }
      if (instruction.is("ARG")) {
        for (Words.Word word : instruction.words()) {
          int eq = word.value().indexOf('=');
          args.put(eq < 0 ? word.value() : word.value().substring(0, eq), eq < 0 ? null : word.value().substring(eq + 1));
        }
      }
    }
    return args;
  }

  public List<Stage> stages() {
    List<Stage> stages = new ArrayList<>();
    Map<String, String> args = globalArgs();
    Instruction from = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.is("FROM")) {
        if (from != null) {
          stages.add(stage(stages.size(), from, body, args));
        }
        from = instruction;
        body = new ArrayList<>();
      } else if (from != null) {
        body.add(instruction);
      }
    }
    if (from != null) {
      stages.add(stage(stages.size(), from, body, args));
    }
    return stages;
  }

  private static Stage stage(int index, Instruction from, List<Instruction> body, Map<String, String> args) {
    List<Words.Word> words = from.words();
    String image = words.isEmpty() ? null : substitute(words.get(0), args);
    String name = words.size() == 3 && words.get(1).value().equalsIgnoreCase("as")
        ? words.get(2).value().toLowerCase(Locale.ROOT) : null;
    return new Stage(index, from, image, name, List.copyOf(body));
  }

  /** A word with the global ARGs' defaults in place of its variables, or null when one has no value. */
  private static String substitute(Words.Word word, Map<String, String> args) {
    if (!word.variable()) {
      return word.value();
    }
    Matcher m = VARIABLE.matcher(word.value());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      String value = args.get(name);
      if ((value == null || value.isEmpty()) && m.group(2) != null) {
        value = m.group(2);
      }
      if (value == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The stage the image is made of: the last one. */
  public Stage finalStage() {
    List<Stage> stages = stages();
    return stages.isEmpty() ? null : stages.get(stages.size() - 1);
  }

  /**
   * The stage {@code stage} builds on and what that one builds on, nearest first, as far as they are stages of this
   * file ({@code FROM build AS final}): what the final image inherits from them (USER, EXPOSE, ENTRYPOINT).
   */
  public List<Stage> lineage(Stage stage) {
    Map<String, Stage> named = new LinkedHashMap<>();
    for (Stage earlier : stages()) {
      if (earlier.name() != null) {
        named.putIfAbsent(earlier.name(), earlier);
      }
    }
    List<Stage> chain = new ArrayList<>();
    Stage current = stage;
    while (current != null) {
      chain.add(current);
      Stage parent = current.image() == null ? null : named.get(current.image().toLowerCase(Locale.ROOT));
      // A stage builds only on an earlier one: FROM x AS x names the image x, not itself.
      current = parent != null && parent.index() < current.index() ? parent : null;
    }
    return chain;
  }
}
