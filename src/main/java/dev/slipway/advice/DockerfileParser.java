package dev.slipway.advice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile as the builder does (Dockerfile reference, BuildKit's parser): parser directives at the very
 * top ({@code # syntax=}, {@code # escape=}, {@code # check=}), lines joined at the escape character (whitespace may
 * follow it), comment and empty lines inside a continuation dropped, {@code --flags}, the JSON (exec) form only when
 * the arguments are a valid JSON array of strings (anything else is the shell form, as Docker treats it), and
 * here-documents of RUN, COPY and ADD.
 */
public final class DockerfileParser {
  public static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
      "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
  private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
  private static final Set<String> WITH_FLAGS = Set.of("FROM", "RUN", "COPY", "ADD", "HEALTHCHECK");
  private static final Set<String> JSON_FORMS = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
  private static final Set<String> WITH_HEREDOCS = Set.of("RUN", "COPY", "ADD");
  /** Read from a stripped line, so the value needs no lazy match (which a long line of spaces makes quadratic). */
  private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(\\S.*)");
  private static final Pattern HEREDOC = Pattern.compile("\\d*<<(-?)(['\"]?)([^<'\"]+)\\2");
  private static final Pattern KEYWORD = Pattern.compile("([A-Za-z]+)(?:\\s+(.*))?", Pattern.DOTALL);
  private static final JsonFactory JSON = new JsonFactory();

  private final String[] lines;
  private final List<Dockerfile.Problem> problems = new ArrayList<>();
  private int next;

  private DockerfileParser(String text) {
    this.lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r\n|\r|\n", -1);
  }

  public static Dockerfile parse(String text) {
    return new DockerfileParser(text).parse();
  }

  private Dockerfile parse() {
    Map<String, String> directives = directives();
    char escape = escape(directives.get("escape"));
    Pattern continuation = Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    List<Instruction> instructions = new ArrayList<>();
    while (next < lines.length) {
      int start = next + 1;
      String first = lines[next++].stripLeading();
      if (first.isBlank() || first.startsWith("#")) {
        continue;
      }
      StringBuilder logical = new StringBuilder();
      Matcher more = continuation.matcher(first);
      boolean continues = more.find();
      logical.append(continues ? first.substring(0, more.start()) : first);
      while (continues && next < lines.length) {
        String line = lines[next++];
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
          continue;
        }
        more = continuation.matcher(line);
        continues = more.find();
        logical.append(continues ? line.substring(0, more.start()) : line);
      }
      Instruction instruction = instruction(logical.toString().strip(), start, escape);
      if (instruction != null) {
        instructions.add(instruction);
      }
    }
    if (instructions.stream().noneMatch(i -> i.is("FROM"))) {
      problems.add(new Dockerfile.Problem(1, "there is no FROM: a Dockerfile starts from a base image"));
    }
    for (Instruction instruction : instructions) {
      if (instruction.is("FROM")) {
        break;
      }
      if (!instruction.is("ARG")) {
        problems.add(new Dockerfile.Problem(instruction.line(), instruction.keyword()
            + " comes before the first FROM, where only ARG may be"));
      }
    }
    return new Dockerfile(List.copyOf(instructions), directives, escape, List.copyOf(problems));
  }

  /** Directives only at the very top: the first line that is not a known one (or a blank line) ends them. */
  private Map<String, String> directives() {
    Map<String, String> directives = new LinkedHashMap<>();
    while (next < lines.length) {
      Matcher m = DIRECTIVE.matcher(lines[next].strip());
      if (!m.matches() || !DIRECTIVES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
        break;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      if (directives.putIfAbsent(key, m.group(2)) != null) {
        problems.add(new Dockerfile.Problem(next + 1, "only one " + key + " parser directive may be used"));
      }
      next++;
    }
    return directives;
  }

  private char escape(String directive) {
    if (directive == null || directive.equals("\\")) {
      return '\\';
    }
    if (directive.equals("`")) {
      return '`';
    }
    problems.add(new Dockerfile.Problem(1, "the escape directive must be \\ or `, not " + directive));
    return '\\';
  }

  private Instruction instruction(String text, int line, char escape) {
    Matcher m = KEYWORD.matcher(text);
    String keyword = m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    if (keyword == null || !KEYWORDS.contains(keyword)) {
      problems.add(new Dockerfile.Problem(line, "unknown instruction: " + text.split("\\s+", 2)[0]));
      return null;
    }
    String rest = m.group(2) == null ? "" : m.group(2).strip();
    Map<String, String> flags = new LinkedHashMap<>();
    while (WITH_FLAGS.contains(keyword) && rest.startsWith("--")) {
      String[] split = rest.split("\\s+", 2);
      String flag = split[0].substring(2);
      int eq = flag.indexOf('=');
      flags.put(eq < 0 ? flag : flag.substring(0, eq), eq < 0 ? "" : flag.substring(eq + 1));
      rest = split.length > 1 ? split[1].strip() : "";
    }
    if (rest.isEmpty() && !keyword.equals("HEALTHCHECK")) {
      problems.add(new Dockerfile.Problem(line, keyword + " needs arguments"));
    }
    List<String> exec = JSON_FORMS.contains(keyword) ? jsonStrings(rest) : null;
    List<String> heredocs = exec == null && WITH_HEREDOCS.contains(keyword) ? heredocs(rest, line, escape) : List.of();
    return new Instruction(keyword, line, next, flags, rest, exec, heredocs, escape);
  }

  /** The bodies of the line's here-documents, read from the lines that follow it, one after the other. */
  private List<String> heredocs(String rest, int line, char escape) {
    List<String> bodies = new ArrayList<>();
    for (String word : Words.raw(rest, escape)) {
      Matcher m = HEREDOC.matcher(word);
      if (!m.matches()) {
        continue;
      }
      boolean stripTabs = !m.group(1).isEmpty();
      String end = m.group(3);
      StringBuilder body = new StringBuilder();
      boolean closed = false;
      while (next < lines.length && !closed) {
        String bodyLine = lines[next++];
        String compared = stripTabs ? bodyLine.replaceFirst("^\t+", "") : bodyLine;
        if (compared.equals(end)) {
          closed = true;
        } else {
          body.append(compared).append('\n');
        }
      }
      if (!closed) {
        problems.add(new Dockerfile.Problem(line, "the here-document <<" + end + " is never closed by a line " + end));
      }
      bodies.add(body.toString());
    }
    return bodies;
  }

  /** A JSON array of strings, or null (the builder then runs the text as a shell command). */
  static List<String> jsonStrings(String text) {
    if (!text.startsWith("[")) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<String> values = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
        values.add(parser.getText());
      }
      return token == JsonToken.END_ARRAY && parser.nextToken() == null ? values : null;
    } catch (IOException e) {
      return null;
    }
  }
}
