package dev.slipway.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Advice about installing packages: SW001 (dependencies after the app's files), SW003, SW004, SW005, SW012 (apt). */
final class PackageChecks {
  private static final Set<String> APT = Set.of("apt-get", "apt", "aptitude");
  private static final Set<String> ASKS = Set.of("install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge",
      "autoremove", "reinstall");
  private static final Set<String> WITH_VALUE = Set.of("-o", "-t", "-c", "--option", "--target-release", "--config-file");

  /** An apt command's subcommand and options (an option's value included, as {@code -o X=y} gives it). */
  private record Apt(String subcommand, List<String> options, List<String> packages) {
    static Apt of(List<String> command) {
      if (!APT.contains(ShellCommands.program(command))) {
        return null;
      }
      String sub = null;
      List<String> options = new ArrayList<>();
      List<String> packages = new ArrayList<>();
      for (int i = 1; i < command.size(); i++) {
        String word = command.get(i);
        if (word.startsWith("-")) {
          options.add(word);
          if (WITH_VALUE.contains(word) && i + 1 < command.size()) {
            options.add(command.get(++i));
          }
        } else if (sub == null) {
          sub = word;
        } else {
          packages.add(word);
        }
      }
      return new Apt(sub, options, packages);
    }

    boolean has(String option) {
      // --no-install-recommends, or -o APT::Install-Recommends=false (an option's value ends with it)
      return options.stream().anyMatch(o -> o.equalsIgnoreCase(option)
          || o.toLowerCase(Locale.ROOT).endsWith("::" + option.toLowerCase(Locale.ROOT)));
    }

    boolean assumesYes() {
      return options.stream().anyMatch(o -> o.matches("-[a-zA-Z]*y[a-zA-Z]*|--yes|--assume-yes|-qq|-q=2|--quiet=2"
          + "|(?i)APT::Get::Assume-Yes=(true|1|yes)"));
    }
  }

  private PackageChecks() {
  }

  static void check(Dockerfile.Stage stage, boolean inImage, List<Advice> out) {
    List<Instruction> appCopies = new ArrayList<>();
    for (Instruction instruction : stage.body()) {
      if ((instruction.is("COPY") || instruction.is("ADD")) && instruction.flag("from").isEmpty()
          && !appFiles(instruction).isEmpty()) {
        appCopies.add(instruction);
      } else if (instruction.is("RUN")) {
        List<List<String>> commands = ShellCommands.of(instruction);
        afterAppFiles(instruction, commands, appCopies, out);
        apt(instruction, commands, inImage, out);
      }
    }
  }

  /** The copied files that are the app's own (no dependency list or package-manager settings). */
  private static List<String> appFiles(Instruction copy) {
    List<String> paths = copy.paths();
    if (paths.size() < 2 || !copy.heredocs().isEmpty()) {
      return List.of();
    }
    String destination = paths.get(paths.size() - 1);
    return paths.subList(0, paths.size() - 1).stream().filter(source -> !Installs.isInstallInput(source, destination))
        .toList();
  }

  private static void afterAppFiles(Instruction run, List<List<String>> commands, List<Instruction> appCopies,
                                    List<Advice> out) {
    String installer = commands.stream().map(Installs::installer).filter(i -> i != null).findFirst().orElse(null);
    if (installer == null) {
      return;
    }
    String script = run.commandText() + "\n" + String.join("\n", run.heredocs());
    for (Instruction copy : appCopies) {
      // A file the install names (COPY install-packages.txt, then RUN … install-packages.txt) is its input.
      List<String> files = appFiles(copy).stream().filter(f -> !namedIn(f, script)).toList();
      if (!files.isEmpty()) {
        out.add(new Advice(Rule.SW001, run.line(), installer + " runs after line " + copy.line() + " copies the app's "
            + "files (" + String.join(", ", files) + "): any change to them installs every dependency again. Copy "
            + "only the dependency list before this step, and the app's files after it."));
        return;
      }
    }
  }

  private static boolean namedIn(String file, String script) {
    String name = file.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    return name.length() > 1 && !name.contains("*") && !name.contains("?") && script.contains(name);
  }

  private static void apt(Instruction run, List<List<String>> commands, boolean inImage, List<Advice> out) {
    boolean updates = false;
    boolean installs = false;
    boolean removesLists = false;
    for (List<String> command : commands) {
      Apt apt = Apt.of(command);
      if (ShellCommands.program(command).equals("rm")
          && command.stream().anyMatch(word -> word.startsWith("/var/lib/apt/lists"))) {
        removesLists = true;
      }
      if (apt == null || apt.subcommand() == null) {
        continue;
      }
      updates |= apt.subcommand().equals("update");
      installs |= ASKS.contains(apt.subcommand()) && !apt.subcommand().matches("remove|purge|autoremove");
      if (ASKS.contains(apt.subcommand()) && !apt.assumesYes()) {
        out.add(new Advice(Rule.SW012, run.line(), command.get(0) + " " + apt.subcommand() + " has no -y: with no one "
            + "to answer \"Do you want to continue?\" it aborts, and the build fails."));
      }
      if (inImage && apt.subcommand().equals("install") && !apt.packages().isEmpty()
          && !apt.has("--no-install-recommends") && !apt.has("Install-Recommends=false")
          && !apt.has("Install-Recommends=0")) {
        out.add(new Advice(Rule.SW003, run.line(), command.get(0) + " install without --no-install-recommends also "
            + "installs every recommended package (" + String.join(" ", apt.packages()) + " need none of them to run)."));
      }
    }
    boolean cachedLists = run.flags().entrySet().stream().anyMatch(f -> f.getKey().equals("mount")
        && f.getValue().contains("type=cache") && f.getValue().matches(".*(target|dst|destination)=/var/lib/apt.*"));
    if (inImage && updates && !removesLists && !cachedLists) {
      out.add(new Advice(Rule.SW004, run.line(), "apt-get update leaves its package lists in this layer: end the "
          + "same RUN with && rm -rf /var/lib/apt/lists/*"));
    }
    if (updates && !installs) {
      out.add(new Advice(Rule.SW005, run.line(), "apt-get update in a RUN that installs nothing: the engine keeps "
          + "reusing this layer from its cache, so later installs read old package lists. Update and install in one "
          + "RUN."));
    }
  }
}
