package dev.slipway.advice;

/**
 * The Dockerfile advice Slipway gives, by stable id. README's "Dockerfile advice" table says the same (a test keeps
 * them in step): what each rule finds, why it matters and how to fix it.
 */
public enum Rule {
  SW000("A line the builder cannot read",
      "the build stops there with an error",
      "correct the line: the message says what is wrong"),
  SW001("Dependencies installed after the app's files are copied",
      "the engine reuses a layer only while everything before it is unchanged: after a COPY of the app's files, "
          + "any change to them installs every dependency again (the origin tutorial: install dependencies first, so "
          + "layers are reused)",
      "copy only the dependency list first (requirements.txt, package.json and its lock file…), install, then copy "
          + "the rest"),
  SW002("ADD where COPY serves",
      "ADD also unpacks archives and downloads URLs, so nobody can tell from the line what it does; COPY only copies",
      "use COPY for files and folders; keep ADD for an archive to unpack or a URL"),
  SW003("apt-get install without --no-install-recommends",
      "recommended packages are not needed to run the app and often double the image's size and the build's time",
      "apt-get install -y --no-install-recommends …"),
  SW004("Package lists left in the image",
      "apt-get update downloads tens of megabytes of package lists; removed in a later RUN they still fill this layer",
      "end the same RUN with && rm -rf /var/lib/apt/lists/*"),
  SW005("apt-get update in a RUN that installs nothing",
      "the engine keeps reusing that cached layer, so a later install reads old package lists: it fails, or installs "
          + "old versions",
      "update and install in one RUN: apt-get update && apt-get install -y …"),
  SW006("A secret in ENV or ARG",
      "ENV values are part of the image (docker inspect shows them to whoever can pull it) and build arguments stay in "
          + "its history",
      "give it when the container starts (a secret in Launch or Run, declared in slipway.json), not to the build"),
  SW007("A base image without a tag, or latest",
      "the build takes whatever latest is that day: a rebuild can change the system or the language under the app",
      "name a version (debian:bookworm-slim, python:3.12-slim) or a digest (@sha256:…)"),
  SW008("The container runs as root",
      "code that escapes the app (a notebook runs whatever its users type) acts as root in the container and on "
          + "mounted folders",
      "make a user and switch to it: RUN useradd --create-home app, then USER app"),
  SW009("A server without EXPOSE",
      "EXPOSE tells docker run -P, Slipway's Launch and Run forms and other tools which port the app listens on",
      "EXPOSE each port the app listens on (every port slipway.json declares)"),
  SW010("ENTRYPOINT in shell form",
      "/bin/sh -c becomes process 1: docker stop's SIGTERM never reaches the app (it is killed 10 s later), and CMD "
          + "and docker run's arguments are ignored",
      "the JSON form with double quotes, ENTRYPOINT [\"docker-entrypoint.sh\"]; a script ends with exec \"$@\" or "
          + "exec the-server"),
  SW011("MAINTAINER",
      "deprecated (the origin tutorial still uses it); tools read labels instead",
      "LABEL org.opencontainers.image.authors=\"name <email>\""),
  SW012("apt-get without -y",
      "in a build there is no one to answer \"Do you want to continue?\": apt-get aborts and the build fails",
      "apt-get install -y …"),
  SW013("An entrypoint script that is not executable",
      "COPY keeps the file's mode: the container fails to start with \"permission denied\" (the origin tutorial's fix: "
          + "chmod +x docker-entrypoint.sh)",
      "chmod +x the file (and git update-index --chmod=+x it), or RUN chmod +x on it after the COPY"),
  SW014("Syntax the classic builder refuses",
      "Slipway builds with the engine's classic builder (Step N/M), which stops at BuildKit's additions: "
          + "here-documents, RUN --mount, --network and --security, COPY --chmod, --link, --parents and --exclude, ADD "
          + "--checksum and --keep-git-dir",
      "write it the classic way: one RUN with && and continued lines, RUN chmod after COPY, secrets when the "
          + "container starts");

  private final String what;
  private final String why;
  private final String fix;

  Rule(String what, String why, String fix) {
    this.what = what;
    this.why = why;
    this.fix = fix;
  }

  public String what() {
    return what;
  }

  public String why() {
    return why;
  }

  public String fix() {
    return fix;
  }
}
