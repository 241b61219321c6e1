package dev.slipway.advice;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Which commands install dependencies, and which copied files are dependency lists or package-manager settings. */
final class Installs {
  /** Program, then the subcommands that install (an empty set: the program alone installs, as {@code yarn}). */
  private static final Map<String, Set<String>> INSTALLERS = Map.ofEntries(
      Map.entry("apt-get", Set.of("install")), Map.entry("apt", Set.of("install")),
      Map.entry("aptitude", Set.of("install")), Map.entry("apk", Set.of("add")),
      Map.entry("yum", Set.of("install")), Map.entry("dnf", Set.of("install")), Map.entry("microdnf", Set.of("install")),
      Map.entry("zypper", Set.of("install", "in")), Map.entry("pip", Set.of("install")),
      Map.entry("pip3", Set.of("install")), Map.entry("npm", Set.of("install", "i", "ci")),
      Map.entry("yarn", Set.of("install")), Map.entry("pnpm", Set.of("install", "i")), Map.entry("bun", Set.of("install")),
      Map.entry("gem", Set.of("install")), Map.entry("bundle", Set.of("install")),
      Map.entry("composer", Set.of("install")), Map.entry("poetry", Set.of("install")),
      Map.entry("pipenv", Set.of("install")), Map.entry("conda", Set.of("install")),
      Map.entry("mamba", Set.of("install")), Map.entry("uv", Set.of("sync")), Map.entry("cargo", Set.of("fetch")));
  private static final Pattern MANIFEST = Pattern.compile("(requirements.*|constraints.*)\\.(txt|in)|pipfile(\\.lock)?"
      + "|pyproject\\.toml|poetry\\.lock|uv\\.lock|setup\\.(py|cfg)|package(-lock)?\\.json|npm-shrinkwrap\\.json"
      + "|yarn\\.lock|\\.yarnrc(\\.yml)?|pnpm-lock\\.yaml|pnpm-workspace\\.yaml|bun\\.lockb?|gemfile(\\.lock)?"
      + "|.*\\.gemspec|go\\.(mod|sum)|cargo\\.(toml|lock)|composer\\.(json|lock)|pom\\.xml|(build|settings)\\.gradle"
      + "(\\.kts)?|gradle\\.properties|.*\\.csproj|packages\\.config|mix\\.(exs|lock)|environment\\.ya?ml");
  private static final Pattern SETTINGS = Pattern.compile(".*\\.(list|sources|conf|pref|gpg|asc|pem|crt|repo)"
      + "|\\.npmrc|\\.pypirc|pip\\.conf|settings\\.xml");
  private static final List<String> SETTINGS_FOLDERS = List.of("/etc/", "/usr/share/keyrings/",
      "/usr/local/share/ca-certificates/");

  private Installs() {
  }

  /** {@code pip install}, {@code npm ci}…, or null when the command installs nothing. */
  static String installer(List<String> command) {
    List<String> words = command;
    String program = ShellCommands.program(words);
    if (program.matches("python[0-9.]*") && words.size() > 2 && words.get(1).equals("-m")) {
      words = words.subList(2, words.size());
      program = words.get(0);
    }
    if (program.matches("pip[0-9.]+")) {
      program = "pip3";
    }
    if (program.equals("go") && words.size() > 2 && words.get(1).equals("mod") && words.get(2).equals("download")) {
      return "go mod download";
    }
    Set<String> subcommands = INSTALLERS.get(program);
    if (subcommands == null) {
      return null;
    }
    String sub = words.stream().skip(1).filter(w -> !w.startsWith("-")).findFirst().orElse(null);
    if (program.equals("yarn") && sub == null) {
      return "yarn";
    }
    if (sub == null || !subcommands.contains(sub) || onlyTheAppItself(program, words)) {
      return null;
    }
    return program + " " + sub;
  }

  /** {@code pip install --no-deps .} installs the copied app itself, not its dependencies. */
  private static boolean onlyTheAppItself(String program, List<String> words) {
    return program.startsWith("pip") && words.contains("--no-deps");
  }

  /**
   * A copied file an install may need before the app's files: a dependency list, or a package manager's settings
   * (by name, or by where it goes).
   */
  static boolean isInstallInput(String source, String destination) {
    String name = source.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return MANIFEST.matcher(name).matches() || SETTINGS.matcher(name).matches()
        || SETTINGS_FOLDERS.stream().anyMatch(destination::startsWith);
  }
}
