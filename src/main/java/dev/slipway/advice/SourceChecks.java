package dev.slipway.advice;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Advice about single instructions: SW000 (unreadable lines), SW002 (ADD), SW006 (secrets), SW011 (MAINTAINER). */
final class SourceChecks {
  private static final Pattern URL = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://.*|git@.*");
  private static final Pattern ARCHIVE = Pattern.compile("(?i).*\\.(tar|tar\\.(gz|bz2|xz|zst|lz|lzma)|tgz|tbz2?|txz|tzst"
      + "|tlz)");
  /** Words of a name that hold a secret (PASSWORD, DB_PASS, API_TOKEN…); KEY alone is often public (GPG_KEY). */
  private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS",
      "TOKEN", "CREDENTIALS", "CREDENTIAL", "APIKEY");
  private static final Set<String> KEY_KINDS = Set.of("API", "PRIVATE", "ACCESS", "SECRET", "SIGNING", "ENCRYPTION");
  /** A last word that makes the name point at a secret rather than hold one (PASSWORD_FILE, TOKEN_PATH…). */
  private static final Set<String> POINTERS = Set.of("FILE", "PATH", "DIR", "NAME", "ID", "LENGTH", "TTL");

  private SourceChecks() {
  }

  static void problems(Dockerfile file, List<Advice> out) {
    file.problems().forEach(p -> out.add(new Advice(Rule.SW000, p.line(), p.message() + ".")));
  }

  static void add(Instruction add, List<Advice> out) {
    List<String> paths = add.paths();
    if (paths.size() < 2 || !add.heredocs().isEmpty() || add.flags().containsKey("checksum")
        || add.flags().containsKey("keep-git-dir")) {
      return;
    }
    List<String> sources = paths.subList(0, paths.size() - 1);
    if (sources.stream().anyMatch(s -> URL.matcher(s).matches() || ARCHIVE.matcher(s).matches() || s.contains("$"))) {
      return;
    }
    out.add(new Advice(Rule.SW002, add.line(), "ADD " + String.join(" ", sources) + " only copies: use COPY, which "
        + "does just that (ADD also unpacks archives and downloads URLs)."));
  }

  /** ENV with a value, and ARG, whose name holds a secret or is a secret slipway.json declares. */
  static void secrets(Instruction instruction, Set<String> declared, List<Advice> out) {
    for (Pairs.Pair pair : Pairs.of(instruction)) {
      boolean secret = declared.contains(pair.name()) || looksSecret(pair.name());
      if (!secret || instruction.is("ENV") && (pair.value() == null || pair.value().value().isEmpty())) {
        continue;
      }
      out.add(new Advice(Rule.SW006, instruction.line(), instruction.is("ENV")
          ? "ENV " + pair.name() + " puts a secret's value in the image, where docker inspect shows it to whoever can "
              + "pull it: give it when the container starts instead (a secret in Launch or Run)."
          : "ARG " + pair.name() + ": a build argument's value stays in the image's history (docker history): give "
              + "secrets when the container starts, not to the build."));
    }
  }

  static boolean looksSecret(String name) {
    String[] words = name.toUpperCase(Locale.ROOT).split("[_.-]+");
    if (words.length == 0 || POINTERS.contains(words[words.length - 1])) {
      return false;
    }
    for (int i = 0; i < words.length; i++) {
      boolean shellsWorkingDirectory = words[i].equals("PWD") && words.length == 1;
      if (SECRET_WORDS.contains(words[i]) && !shellsWorkingDirectory
          || words[i].equals("KEY") && i > 0 && KEY_KINDS.contains(words[i - 1])) {
        return true;
      }
    }
    return false;
  }

  /** The flags each instruction has in the classic builder; any other is BuildKit's, and the build stops there. */
  private static final Map<String, Set<String>> CLASSIC_FLAGS = Map.of("FROM", Set.of("platform"),
      "COPY", Set.of("from", "chown"), "ADD", Set.of("chown"),
      "HEALTHCHECK", Set.of("interval", "timeout", "start-period", "start-interval", "retries"));

  static void classicBuilder(Instruction instruction, List<Advice> out) {
    if (!instruction.heredocs().isEmpty()) {
      out.add(new Advice(Rule.SW014, instruction.line(), "Here-documents (<<) need BuildKit: Slipway builds with "
          + "the engine's classic builder, which reads their lines as instructions and stops. Write the commands "
          + "as one RUN with && and continued lines, or COPY a file."));
    }
    for (String flag : instruction.flags().keySet()) {
      if (!CLASSIC_FLAGS.getOrDefault(instruction.keyword(), Set.of()).contains(flag)) {
        out.add(new Advice(Rule.SW014, instruction.line(), instruction.keyword() + " --" + flag + " needs BuildKit: "
            + "Slipway builds with the engine's classic builder, which stops at it." + (flag.equals("chmod")
            ? " RUN chmod after the COPY instead." : "")));
      }
    }
  }

  static void maintainer(Instruction maintainer, List<Advice> out) {
    out.add(new Advice(Rule.SW011, maintainer.line(), "MAINTAINER is deprecated: write LABEL "
        + "org.opencontainers.image.authors=\"" + maintainer.args().replace("\"", "'") + "\" instead."));
  }
}
