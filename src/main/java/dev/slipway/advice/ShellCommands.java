package dev.slipway.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simple commands a RUN runs, each as its words: enough of a POSIX shell's grammar to find {@code apt-get install}
 * in {@code apt-get update && apt-get install -y x; rm -rf …}. Quotes and backslashes are read, {@code &&},
 * {@code ||}, {@code ;}, {@code |}, {@code &}, parentheses and line ends separate commands, {@code #} starts a
 * comment. Wrappers ({@code sudo}, {@code env}, {@code then}…) and leading {@code NAME=value} assignments are dropped, and
 * {@code sh -c 'script'} is read as the script. Command substitutions stay inside their word: advice about them would
 * be a guess.
 */
public final class ShellCommands {
  private static final Set<String> WRAPPERS = Set.of("sudo", "env", "exec", "command", "nice", "nohup", "time", "then",
      "do", "else", "elif", "if", "while", "until", "!", "{", "}", "xargs");
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh");

  private ShellCommands() {
  }

  /** What a RUN runs: its JSON form, its shell form, and here-documents that the shell reads as its script. */
  public static List<List<String>> of(Instruction run) {
    if (run.execForm()) {
      return simple(run.exec(), 0);
    }
    // The line without its here-document markers; RUN <<EOF (or RUN bash <<EOF) hands the bodies to the shell,
    // RUN python3 <<EOF to python.
    List<List<String>> head = parse(run.args().replaceAll("\\d*<<-?(['\"]?)[^<'\"\\s]+\\1", ""), 0);
    List<List<String>> commands = new ArrayList<>(head);
    boolean shellReadsBodies = head.isEmpty() || head.size() == 1 && SHELLS.contains(program(head.get(0)));
    if (shellReadsBodies) {
      run.heredocs().forEach(body -> commands.addAll(parse(body, 0)));
    }
    return commands;
  }

  /** The program's name without its folder: {@code /usr/bin/apt-get} is {@code apt-get}. */
  public static String program(List<String> command) {
    if (command.isEmpty()) {
      return "";
    }
    String first = command.get(0);
    return first.substring(first.lastIndexOf('/') + 1);
  }

  static List<List<String>> parse(String script, int depth) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(script, i);
        word.append(unescape(script.substring(i + 1, end), c));
        inWord = true;
        i = end + 1;
        continue;
      }
      if (c == '\\' && i + 1 < script.length()) {
        if (script.charAt(i + 1) != '\n') {
          word.append(script.charAt(i + 1));
          inWord = true;
        }
        i += 2;
        continue;
      }
      if (c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '(') {
        int end = matchingParen(script, i + 1);
        word.append(script, i, end + 1);
        inWord = true;
        i = end + 1;
        continue;
      }
      boolean separator = Character.isWhitespace(c) || "&|;()".indexOf(c) >= 0;
      if (separator || c == '#' && !inWord) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (c == '#') {
          int end = script.indexOf('\n', i);
          i = end < 0 ? script.length() : end;
          continue;
        }
        if (c == '\n' || "&|;()".indexOf(c) >= 0) {
          commands.addAll(simple(words, depth));
          words = new ArrayList<>();
        }
        i++;
        continue;
      }
      word.append(c);
      inWord = true;
      i++;
    }
    if (inWord) {
      words.add(word.toString());
    }
    commands.addAll(simple(words, depth));
    return commands;
  }

  /** One command's words without wrappers and assignments; {@code sh -c 'script'} becomes the script's commands. */
  private static List<List<String>> simple(List<String> words, int depth) {
    int start = 0;
    while (start < words.size() && (WRAPPERS.contains(words.get(start))
        || words.get(start).matches("[A-Za-z_][A-Za-z0-9_]*=.*") || start > 0 && words.get(start).startsWith("-")
        && WRAPPERS.contains(words.get(start - 1)))) {
      start++;
    }
    List<String> command = List.copyOf(words.subList(start, words.size()));
    if (command.isEmpty()) {
      return List.of();
    }
    if (depth < 3 && SHELLS.contains(program(command)) && command.size() > 2 && command.get(1).matches("-[a-z]*c")) {
      return parse(command.get(2), depth + 1);
    }
    return List.of(command);
  }

  /** The closing quote's index, or the script's length when it is never closed. */
  private static int closing(String script, int open) {
    char quote = script.charAt(open);
    for (int i = open + 1; i < script.length(); i++) {
      if (quote == '"' && script.charAt(i) == '\\') {
        i++;
      } else if (script.charAt(i) == quote) {
        return i;
      }
    }
    return script.length();
  }

  private static String unescape(String quoted, char quote) {
    return quote == '\'' ? quoted : quoted.replaceAll("\\\\([\"\\\\$`])", "$1");
  }

  private static int matchingParen(String script, int open) {
    int depth = 0;
    for (int i = open; i < script.length(); i++) {
      if (script.charAt(i) == '(') {
        depth++;
      } else if (script.charAt(i) == ')' && --depth == 0) {
        return i;
      }
    }
    return script.length() - 1;
  }
}
