package dev.slipway.advice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Advice about how the container starts: SW010 (shell-form ENTRYPOINT), SW013 (a script that is not executable). */
final class EntrypointChecks {
  private static final Set<String> PATH = Set.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin",
      "/bin");

  private EntrypointChecks() {
  }

  static void shellForm(Dockerfile file, List<Advice> out) {
    Instruction entrypoint = ImageChecks.lastOf(file, "ENTRYPOINT");
    if (entrypoint == null || entrypoint.execForm()) {
      return;
    }
    out.add(new Advice(Rule.SW010, entrypoint.line(), entrypoint.args().startsWith("[")
        ? "This ENTRYPOINT is not valid JSON (strings need double quotes), so Docker runs it with /bin/sh -c: fix the "
            + "JSON, or docker stop's signals never reach the app and CMD is ignored."
        : "ENTRYPOINT in shell form runs under /bin/sh -c: docker stop's SIGTERM reaches the shell, not the app (it is "
            + "killed 10 s later), and CMD and docker run's arguments are ignored. Write it as JSON: ENTRYPOINT [\""
            + entrypoint.args().split("\\s+")[0] + "\", …]."));
  }

  /**
   * What the image gets from the app's folder by COPY or ADD: a file and where it lands, or a folder's contents
   * ({@code COPY . /app}: {@code tree}) and the folder they land in; and whether that made it executable.
   */
  private record Copied(String target, String source, boolean tree, Instruction copy, boolean executable) {
    /** The file of the app's folder that lands at {@code place}, or null when this copy does not put it there. */
    String sourceOf(String place) {
      if (!tree) {
        return place.equals(target) ? source : null;
      }
      String prefix = target.equals("/") ? "/" : target + "/";
      if (!place.startsWith(prefix)) {
        return null;
      }
      String file = Path.of(source).resolve(place.substring(prefix.length())).normalize().toString();
      return file.startsWith("..") ? null : file;
    }
  }

  /** The program the container starts, when the image gets it by COPY from the app's folder without execute bits. */
  static void executable(Dockerfile file, AppFacts facts, List<Advice> out) {
    Instruction entrypoint = ImageChecks.lastOf(file, "ENTRYPOINT");
    Instruction start = entrypoint != null ? entrypoint : ImageChecks.lastOf(file, "CMD");
    if (start == null || !start.execForm() || start.exec().isEmpty() || start.exec().get(0).contains("$")) {
      return;
    }
    String program = start.exec().get(0);
    List<Dockerfile.Stage> chain = new ArrayList<>(file.lineage(file.finalStage()));
    Collections.reverse(chain);
    String workdir = "/";
    Set<String> folders = new HashSet<>(Set.of("/"));
    List<Copied> copied = new ArrayList<>();
    for (Dockerfile.Stage stage : chain) {
      for (Instruction instruction : stage.body()) {
        if (instruction.is("WORKDIR") && !instruction.words().isEmpty() && !instruction.words().get(0).variable()) {
          workdir = join(workdir, instruction.words().get(0).value());
          folders.add(workdir);
        } else if ((instruction.is("COPY") || instruction.is("ADD")) && instruction.flag("from").isEmpty()
            && instruction.heredocs().isEmpty() && instruction.paths().size() >= 2) {
          List<String> paths = instruction.paths();
          String destination = join(workdir, paths.get(paths.size() - 1));
          // COPY x . and COPY x /app (a WORKDIR made it) copy into a folder, as a trailing / or several sources say.
          boolean folder = paths.get(paths.size() - 1).endsWith("/") || paths.size() > 2 || folders.contains(destination);
          boolean mode = instruction.flag("chmod").map(EntrypointChecks::executableMode).orElse(false);
          for (String from : paths.subList(0, paths.size() - 1)) {
            boolean tree = from.equals(".") || from.endsWith("/");
            if (!from.contains("*") && !from.contains("?") && !from.contains("$")) {
              copied.add(new Copied(folder && !tree ? join(destination, name(from)) : destination, from, tree,
                  instruction, mode));
            }
          }
        } else if (instruction.is("RUN") && ShellCommands.of(instruction).stream()
            .anyMatch(c -> ShellCommands.program(c).equals("chmod") && c.stream().anyMatch(w -> w.endsWith(name(program))))) {
          copied.replaceAll(c -> new Copied(c.target(), c.source(), c.tree(), c.copy(), true));
        }
      }
    }
    List<String> places = program.startsWith("/") ? List.of(normal(program))
        : program.contains("/") ? List.of(join(workdir, program)) : PATH.stream().map(dir -> dir + "/" + program).toList();
    Copied found = null;
    String source = null;
    for (Copied c : copied) {
      for (String place : places) {
        if (c.sourceOf(place) != null) {
          found = c;
          source = c.sourceOf(place);
        }
      }
    }
    if (found == null || found.executable() || facts.files().executable(source).orElse(true)) {
      return;
    }
    out.add(new Advice(Rule.SW013, start.line(), program + " is " + source + " of the app's folder, which is not "
        + "executable, and line " + found.copy().line() + " copies it as it is: the container will fail to start with "
        + "\"permission denied\". Run chmod +x " + source + " (and git update-index --chmod=+x " + source
        + "), or RUN chmod +x on it after the COPY."));
  }

  private static boolean executableMode(String mode) {
    // 755, 0755, +x, u+x: an execute bit for someone (octal: an odd digit among the last three)
    return mode.contains("x") || mode.matches("[0-7]{3,4}")
        && mode.substring(mode.length() - 3).chars().anyMatch(digit -> (digit - '0') % 2 == 1);
  }

  private static String join(String folder, String path) {
    return normal(path.startsWith("/") ? path : folder + "/" + path);
  }

  private static String normal(String path) {
    String normal = Path.of(path).normalize().toString();
    return normal.isEmpty() ? "/" : normal;
  }

  private static String name(String path) {
    String trimmed = path.replaceAll("/+$", "");
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
