package dev.slipway.advice;

import java.util.List;
import java.util.Locale;
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
              + "secrets when the container starts, or to the build with RUN --mount=type=secret."));
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

  static void maintainer(Instruction maintainer, List<Advice> out) {
    out.add(new Advice(Rule.SW011, maintainer.line(), "MAINTAINER is deprecated: write LABEL "
        + "org.opencontainers.image.authors=\"" + maintainer.args().replace("\"", "'") + "\" instead."));
  }
}
