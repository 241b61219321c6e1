package dev.slipway.advice;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Advice about the image as a whole: SW007 (base image tag), SW008 (root), SW009 (EXPOSE). */
final class ImageChecks {
  /** Words of a command that starts a server (a port, a listening address, a well-known server program). */
  private static final Pattern SERVER = Pattern.compile("(?<![\\w.-])(uvicorn|gunicorn|hypercorn|daphne|waitress-serve"
      + "|runserver|http\\.server|simplehttpserver|nginx|httpd|apache2|apache2ctl|caddy|jupyter|notebook|streamlit|puma"
      + "|unicorn|rackup|serve|flask run|php -s|--port|--bind|--listen|0\\.0\\.0\\.0)(?![\\w-])");

  private ImageChecks() {
  }

  static void baseImages(Dockerfile file, List<Advice> out) {
    Set<String> stageNames = new LinkedHashSet<>();
    for (Dockerfile.Stage stage : file.stages()) {
      String image = stage.image();
      if (image != null && !image.equalsIgnoreCase("scratch") && !stageNames.contains(image.toLowerCase(Locale.ROOT))
          && !image.contains("@")) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon < 0) {
          out.add(new Advice(Rule.SW007, stage.from().line(), "FROM " + image + " has no tag, so it is " + image
              + ":latest, whatever that is on the day of the build: name a version (or a digest)."));
        } else if (last.substring(colon + 1).equals("latest")) {
          out.add(new Advice(Rule.SW007, stage.from().line(), "FROM " + image + " takes whatever latest is on the day "
              + "of the build: name a version (or a digest)."));
        }
      }
      if (stage.name() != null) {
        stageNames.add(stage.name());
      }
    }
  }

  /** The last USER of the final image decides; without one, the base image's (root, unless it says otherwise). */
  static void user(Dockerfile file, List<Advice> out) {
    Dockerfile.Stage last = file.finalStage();
    Instruction user = lastOf(file, "USER");
    if (user == null) {
      out.add(new Advice(Rule.SW008, last.from().line(), "There is no USER, so the container runs as root (unless the "
          + "base image " + (last.image() == null ? "" : last.image() + " ") + "sets another user): add a user and "
          + "switch to it with USER."));
      return;
    }
    List<Words.Word> words = user.words();
    if (words.isEmpty() || words.get(0).variable()) {
      return;
    }
    String name = words.get(0).value().split(":", 2)[0];
    if (name.equals("root") || name.equals("0")) {
      out.add(new Advice(Rule.SW008, user.line(), "USER " + words.get(0).value() + " leaves the container running as "
          + "root: switch to an unprivileged user after the steps that need root."));
    }
  }

  static void exposed(Dockerfile file, AppFacts facts, List<Advice> out) {
    Set<String> exposed = new LinkedHashSet<>();
    boolean unknown = false;
    for (Dockerfile.Stage stage : file.lineage(file.finalStage())) {
      for (Instruction instruction : stage.body()) {
        if (instruction.is("EXPOSE")) {
          for (Words.Word word : instruction.words()) {
            unknown |= word.variable() || word.value().contains("-");
            String port = word.value().toLowerCase(Locale.ROOT);
            exposed.add(port.contains("/") ? port : port + "/tcp");
          }
        }
      }
    }
    Dockerfile.Stage last = file.finalStage();
    if (!facts.ports().isEmpty()) {
      List<String> missing = new ArrayList<>(facts.ports());
      missing.removeAll(exposed);
      if (!unknown && !missing.isEmpty()) {
        out.add(new Advice(Rule.SW009, last.from().line(), "slipway.json declares " + String.join(", ", missing)
            + ", which the final stage does not EXPOSE: add EXPOSE " + String.join(" ", missing.stream()
            .map(p -> p.endsWith("/tcp") ? p.substring(0, p.length() - 4) : p).toList()) + "."));
      }
      return;
    }
    Instruction command = lastOf(file, "ENTRYPOINT") != null ? lastOf(file, "ENTRYPOINT") : lastOf(file, "CMD");
    if (!exposed.isEmpty() || command == null) {
      return;
    }
    String text = (lastOf(file, "ENTRYPOINT") == null ? "" : lastOf(file, "ENTRYPOINT").commandText() + " ")
        + (lastOf(file, "CMD") == null ? "" : lastOf(file, "CMD").commandText());
    Matcher server = SERVER.matcher(text.toLowerCase(Locale.ROOT));
    if (server.find()) {
      out.add(new Advice(Rule.SW009, command.line(), "The command looks like a server (" + server.group(1)
          + ") but the image EXPOSEs no port: add EXPOSE with the port it listens on."));
    }
  }

  /** The last such instruction of the final image: in its stage, else in the stages of this file it builds on. */
  static Instruction lastOf(Dockerfile file, String keyword) {
    for (Dockerfile.Stage stage : file.lineage(file.finalStage())) {
      List<Instruction> body = stage.body();
      for (int i = body.size() - 1; i >= 0; i--) {
        if (body.get(i).is(keyword)) {
          return body.get(i);
        }
      }
    }
    return null;
  }
}
