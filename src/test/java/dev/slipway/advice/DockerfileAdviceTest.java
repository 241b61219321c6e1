package dev.slipway.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every rule, one by one: a Dockerfile it finds (at the right line) and one it leaves alone. A good final stage
 * ({@link #GOOD_END}) keeps the other rules quiet, so each test sees only its own.
 */
class DockerfileAdviceTest {
  private static final String GOOD_END = "USER app\n";

  private static List<String> advice(String dockerfile) {
    return advice(dockerfile, AppFacts.NONE);
  }

  private static List<String> advice(String dockerfile, AppFacts facts) {
    return DockerfileAdvice.of(dockerfile, facts).stream().map(a -> a.rule() + "@" + a.line()).toList();
  }

  private static Advice first(String dockerfile, Rule rule) {
    return first(dockerfile, rule, AppFacts.NONE);
  }

  private static Advice first(String dockerfile, Rule rule, AppFacts facts) {
    return DockerfileAdvice.of(dockerfile, facts).stream().filter(a -> a.rule() == rule).findFirst().orElseThrow();
  }

  private static AppFacts files(Optional<Boolean> executable) {
    return new AppFacts(Set.of(), Set.of(), path -> executable);
  }

  @Test
  void sw000LinesTheBuilderCannotRead() {
    assertThat(advice("FROM debian:bookworm-slim\nRUNN echo typo\n" + GOOD_END)).containsExactly("SW000@2");
    assertThat(first("FROM debian:bookworm-slim\nRUNN echo typo\n", Rule.SW000).message())
        .isEqualTo("unknown instruction: RUNN.");
    assertThat(advice("FROM debian:bookworm-slim\nRUN echo fine\n" + GOOD_END)).isEmpty();
  }

  @Test
  void sw001DependenciesInstalledAfterTheAppsFilesAreCopied() {
    String late = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n" + GOOD_END;
    assertThat(advice(late)).containsExactly("SW001@4");
    assertThat(first(late, Rule.SW001).message()).startsWith("pip install runs after line 3 copies the app's files (.)");

    assertThat(advice("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r "
        + "requirements.txt\nCOPY . .\nRUN pip install --no-deps .\n" + GOOD_END)).isEmpty();
    assertThat(advice("FROM debian:bookworm-slim\nCOPY sources.list /etc/apt/sources.list\nCOPY --from=tools /x /x\n"
        + "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
        + GOOD_END)).as("package-manager settings and files from another stage").isEmpty();
    assertThat(advice("FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY src/ src/\n"
        + "RUN npm run build\n" + GOOD_END)).isEmpty();
  }

  @Test
  void sw002AddWhereCopyServes() {
    assertThat(advice("FROM python:3.12-slim\nADD requirements.txt requirements.txt\n" + GOOD_END))
        .containsExactly("SW002@2");
    assertThat(advice("FROM debian:bookworm-slim\nADD https://example.org/tool.tar.gz /tmp/\nADD vendor.tar.gz /opt/\n"
        + "COPY app.py /app/\n" + GOOD_END)).isEmpty();
  }

  @Test
  void sw003AptInstallWithoutNoInstallRecommends() {
    String apt = "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
    assertThat(advice("FROM debian:bookworm-slim\n" + apt + GOOD_END)).containsExactly("SW003@2");
    assertThat(advice("FROM debian:bookworm-slim\n" + apt.replace("-y", "-y --no-install-recommends") + GOOD_END))
        .isEmpty();
    assertThat(advice("FROM debian:bookworm-slim\n" + apt.replace("-y", "-y -o APT::Install-Recommends=false")
        + GOOD_END)).isEmpty();
    assertThat(advice("FROM debian:bookworm-slim AS build\n" + apt + "FROM debian:bookworm-slim\n" + GOOD_END))
        .as("a builder stage's packages are not in the image").isEmpty();
  }

  @Test
  void sw004PackageListsLeftInTheImage() {
    assertThat(advice("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends "
        + "curl\n" + GOOD_END)).containsExactly("SW004@2");
    assertThat(advice("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends "
        + "curl \\\n && rm -rf /var/lib/apt/lists/*\n" + GOOD_END)).isEmpty();
    assertThat(advice("FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && "
        + "apt-get install -y --no-install-recommends curl\n" + GOOD_END)).as("lists in a cache mount (BuildKit's)")
        .containsExactly("SW014@2");
  }

  @Test
  void sw005AptGetUpdateInARunThatInstallsNothing() {
    assertThat(advice("FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends "
        + "curl && rm -rf /var/lib/apt/lists/*\n" + GOOD_END)).containsExactly("SW004@2", "SW005@2");
    assertThat(advice("FROM debian:bookworm-slim\nRUN apt-get update && apt-get upgrade -y && rm -rf "
        + "/var/lib/apt/lists/*\n" + GOOD_END)).isEmpty();
  }

  @Test
  void sw006ASecretInEnvOrArg() {
    assertThat(advice("FROM debian:bookworm-slim\nENV PASSWORD=admin\nARG API_TOKEN\nENV DB_PASS secret\n"
        + "ARG AWS_SECRET_ACCESS_KEY=x\nENV GITHUB_API_KEY=\"k\"\n" + GOOD_END))
        .containsExactly("SW006@2", "SW006@3", "SW006@4", "SW006@5", "SW006@6");
    assertThat(advice("FROM debian:bookworm-slim\nENV LOGIN=x\n" + GOOD_END,
        new AppFacts(Set.of(), Set.of("LOGIN"), AppFacts.ContextFiles.UNKNOWN)))
        .as("a secret slipway.json declares").containsExactly("SW006@2");

    assertThat(advice("FROM debian:bookworm-slim\nENV PASSWORD_FILE=/run/secrets/pw GPG_KEY=A035C8C19219BA82 "
        + "PWD=/app PASSWORD= TOKEN_TTL=60\nARG VERSION=1\n" + GOOD_END)).isEmpty();
    assertThat(advice("FROM debian:bookworm-slim AS build\nARG NPM_TOKEN\nFROM debian:bookworm-slim\n" + GOOD_END))
        .as("in a builder stage it never reaches the image").isEmpty();
  }

  @Test
  void sw007ABaseImageWithoutATagOrLatest() {
    assertThat(advice("FROM python\n" + GOOD_END)).containsExactly("SW007@1");
    assertThat(advice("FROM python:latest\n" + GOOD_END)).containsExactly("SW007@1");
    assertThat(advice("FROM registry.example:5000/team/app\n" + GOOD_END)).as("a registry's port is no tag")
        .containsExactly("SW007@1");
    assertThat(advice("ARG BASE=python\nFROM $BASE\n" + GOOD_END)).containsExactly("SW007@2");

    assertThat(advice("FROM registry.example:5000/team/app:1.0 AS build\nFROM build\nFROM scratch\nFROM python@sha256:"
        + "0".repeat(64) + "\n" + GOOD_END)).isEmpty();
  }

  @Test
  void sw008TheContainerRunsAsRoot() {
    assertThat(advice("FROM debian:bookworm-slim\nRUN useradd app\n")).containsExactly("SW008@1");
    assertThat(advice("FROM debian:bookworm-slim\nUSER app\nUSER root\nRUN apt-get -y purge x\n"))
        .containsExactly("SW008@3");
    assertThat(advice("FROM debian:bookworm-slim\nUSER 0:0\n")).containsExactly("SW008@2");

    assertThat(advice("FROM debian:bookworm-slim\nUSER root\nRUN useradd app\nUSER app:app\n")).isEmpty();
    assertThat(advice("FROM debian:bookworm-slim AS base\nUSER 1000\nFROM base\nCOPY x /x\n"))
        .as("USER of the stage it builds on").isEmpty();
  }

  @Test
  void sw009AServerWithoutExpose() {
    assertThat(advice("FROM python:3.12-slim\n" + GOOD_END + "CMD [\"python\", \"-m\", \"http.server\", \"8000\"]\n"))
        .containsExactly("SW009@3");
    assertThat(advice("FROM python:3.12-slim\n" + GOOD_END + "EXPOSE 8080\n",
        new AppFacts(Set.of("8888/tcp"), Set.of(), AppFacts.ContextFiles.UNKNOWN))).containsExactly("SW009@1");

    assertThat(advice("FROM python:3.12-slim\n" + GOOD_END + "EXPOSE 8000\nCMD [\"python\", \"-m\", \"http.server\"]\n"))
        .isEmpty();
    assertThat(advice("FROM busybox:1.36\n" + GOOD_END + "CMD [\"cat\", \"/greeting.txt\"]\n")).isEmpty();
    assertThat(advice("FROM python:3.12-slim\n" + GOOD_END + "EXPOSE 8888/tcp\n",
        new AppFacts(Set.of("8888/tcp"), Set.of(), AppFacts.ContextFiles.UNKNOWN))).isEmpty();
  }

  @Test
  void sw010EntrypointInShellForm() {
    assertThat(advice("FROM debian:bookworm-slim\n" + GOOD_END + "ENTRYPOINT docker-entrypoint.sh --verbose\n"))
        .containsExactly("SW010@3");
    assertThat(first("FROM debian:bookworm-slim\nENTRYPOINT ['run.sh']\n", Rule.SW010).message())
        .startsWith("This ENTRYPOINT is not valid JSON");

    assertThat(advice("FROM debian:bookworm-slim\n" + GOOD_END + "ENTRYPOINT [\"docker-entrypoint.sh\"]\n")).isEmpty();
    assertThat(advice("FROM debian:bookworm-slim AS build\nENTRYPOINT make\nFROM debian:bookworm-slim\n" + GOOD_END))
        .isEmpty();
  }

  @Test
  void sw011Maintainer() {
    assertThat(advice("FROM debian:bookworm-slim\nMAINTAINER Captain Dao <support@daocloud.io>\n" + GOOD_END))
        .containsExactly("SW011@2");
    assertThat(advice("FROM debian:bookworm-slim\nLABEL org.opencontainers.image.authors=\"Captain Dao\"\n" + GOOD_END))
        .isEmpty();
  }

  @Test
  void sw012AptGetWithoutYes() {
    assertThat(advice("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends curl "
        + "&& rm -rf /var/lib/apt/lists/*\n" + GOOD_END)).containsExactly("SW012@2");
    for (String yes : List.of("-y", "--yes", "-qq", "-yq", "-o APT::Get::Assume-Yes=true")) {
      assertThat(advice("FROM debian:bookworm-slim\nRUN apt-get update && apt-get " + yes + " install "
          + "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n" + GOOD_END)).as(yes).isEmpty();
    }
  }

  @Test
  void sw013AnEntrypointScriptThatIsNotExecutable() {
    String dockerfile = "FROM debian:bookworm-slim\nCOPY docker-entrypoint.sh /usr/local/bin/\n" + GOOD_END
        + "ENTRYPOINT [\"docker-entrypoint.sh\"]\n";
    assertThat(advice(dockerfile, files(Optional.of(false)))).containsExactly("SW013@4");
    assertThat(advice("FROM debian:bookworm-slim\nWORKDIR /app\nCOPY start.sh .\n" + GOOD_END
        + "CMD [\"./start.sh\"]\n", files(Optional.of(false)))).containsExactly("SW013@5");
    assertThat(first("FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\n" + GOOD_END + "CMD [\"bin/start.sh\"]\n",
        Rule.SW013, files(Optional.of(false))).message()).as("a file of a folder copied whole")
        .startsWith("bin/start.sh is bin/start.sh of the app's folder, which is not executable, and line 3 copies it");

    assertThat(advice(dockerfile, files(Optional.of(true)))).isEmpty();
    assertThat(advice(dockerfile, files(Optional.empty()))).as("no such file in the folder").isEmpty();
    assertThat(advice(dockerfile.replace("COPY ", "COPY --chmod=755 "), files(Optional.of(false))))
        .as("executable, though only with BuildKit").containsExactly("SW014@2");
    assertThat(advice(dockerfile.replace(GOOD_END, "RUN chmod +x /usr/local/bin/docker-entrypoint.sh\n" + GOOD_END),
        files(Optional.of(false)))).isEmpty();
    assertThat(advice(dockerfile.replace("[\"docker-entrypoint.sh\"]", "[\"bash\", \"/usr/local/bin/docker-"
        + "entrypoint.sh\"]"), files(Optional.of(false)))).as("a shell runs it").isEmpty();
  }

  @Test
  void sw014SyntaxTheClassicBuilderRefuses() {
    assertThat(advice("FROM debian:bookworm-slim\nRUN <<EOF\necho hi\nEOF\nCOPY --link --chmod=644 a /a\n"
        + "RUN --network=none true\n" + GOOD_END)).containsExactly("SW014@2", "SW014@5", "SW014@5", "SW014@6");
    assertThat(first("FROM debian:bookworm-slim\nCOPY --chmod=755 a /a\n", Rule.SW014).message())
        .isEqualTo("COPY --chmod needs BuildKit: Slipway builds with the engine's classic builder, which stops at it. "
            + "RUN chmod after the COPY instead.");

    assertThat(advice("FROM --platform=linux/amd64 debian:bookworm-slim AS base\nCOPY --chown=1000:1000 a /a\n"
        + "ADD --chown=app b.tar.gz /b\nFROM base\nCOPY --from=base /a /c\nHEALTHCHECK --interval=30s --retries=3 CMD true\n"
        + GOOD_END)).isEmpty();
  }

  @Test
  void theReferenceNotebookGetsNoAdvice() throws IOException {
    Path app = Path.of("docker/examples/python-notebook");
    AppFacts facts = new AppFacts(Set.of("8888/tcp"), Set.of("PASSWORD"),
        path -> Optional.of(Files.isExecutable(app.resolve(path))));

    assertThat(DockerfileAdvice.of(Files.readString(app.resolve("Dockerfile")), facts)).isEmpty();
  }

  @Test
  void theOriginTutorialsDockerfileGetsTheAdviceItsLessonsAndFixesGive() throws IOException {
    String tutorial = Files.readString(Path.of("src/test/resources/dockerfiles/tutorial.Dockerfile"));

    assertThat(advice(tutorial, files(Optional.of(false))))
        .containsExactly("SW008@1", "SW011@2", "SW002@7", "SW013@12");
  }
}
