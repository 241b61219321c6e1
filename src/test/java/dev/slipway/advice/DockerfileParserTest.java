package dev.slipway.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parser reads a Dockerfile as the builder does: what each instruction is, and on which lines it stands. */
class DockerfileParserTest {
  private static Instruction only(String text, String keyword) {
    return DockerfileParser.parse(text).instructions().stream().filter(i -> i.is(keyword)).findFirst().orElseThrow();
  }

  @Test
  void anInstructionContinuedOverLinesStartsOnItsFirstLineWithCommentsAndEmptyLinesInsideDropped() {
    Dockerfile file = DockerfileParser.parse("""
        FROM debian:bookworm-slim

        RUN apt-get update \\
        # a comment inside the RUN
         && apt-get install -y curl \\\t
           \s
         && rm -rf /var/lib/apt/lists/*
        USER app
        """);

    Instruction run = file.instructions().get(1);
    assertThat(run.keyword()).isEqualTo("RUN");
    assertThat(run.line()).isEqualTo(3);
    assertThat(run.endLine()).isEqualTo(7);
    assertThat(run.args()).isEqualTo("apt-get update  && apt-get install -y curl  && rm -rf /var/lib/apt/lists/*");
    assertThat(file.instructions().get(2).line()).as("USER, after the continued RUN").isEqualTo(8);
    assertThat(file.problems()).isEmpty();
  }

  @Test
  void theEscapeDirectiveMakesTheBacktickTheContinuationCharacter() {
    Dockerfile file = DockerfileParser.parse("# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows"
        + "/servercore:ltsc2022\nCOPY testfile.txt c:\\ `\n  c:\\dest\\\n");

    assertThat(file.directives()).containsExactly(Map.entry("escape", "`"), Map.entry("syntax", "docker/dockerfile:1"));
    assertThat(file.escape()).isEqualTo('`');
    assertThat(file.instructions()).extracting(Instruction::keyword).containsExactly("FROM", "COPY");
    assertThat(file.instructions().get(1).args()).as("a backslash is just a character now")
        .isEqualTo("testfile.txt c:\\   c:\\dest\\");
  }

  @Test
  void directivesCountOnlyAtTheVeryTop() {
    Dockerfile afterComment = DockerfileParser.parse("# a comment\n# escape=`\nFROM scratch\n");
    Dockerfile afterUnknown = DockerfileParser.parse("# mine=yes\n# escape=`\nFROM scratch\n");

    assertThat(afterComment.directives()).isEmpty();
    assertThat(afterComment.escape()).isEqualTo('\\');
    assertThat(afterUnknown.directives()).as("an unknown directive is a comment, and ends them").isEmpty();
  }

  @Test
  void theJsonFormIsOnlyAValidJsonArrayOfStringsAnythingElseIsTheShellForm() {
    assertThat(only("FROM scratch\nENTRYPOINT [\"run.sh\", \"--port\", \"8080\"]\n", "ENTRYPOINT").exec())
        .containsExactly("run.sh", "--port", "8080");
    assertThat(only("FROM scratch\nENTRYPOINT ['run.sh']\n", "ENTRYPOINT").execForm()).as("single quotes").isFalse();
    assertThat(only("FROM scratch\nCMD [\"a\", 1]\n", "CMD").execForm()).as("a number").isFalse();
    assertThat(only("FROM scratch\nCMD [\"a\"] extra\n", "CMD").execForm()).as("text after it").isFalse();
    assertThat(only("FROM scratch\nRUN echo [\"a\"]\n", "RUN").execForm()).isFalse();
    assertThat(only("FROM scratch\nCMD [\"a\\u0041\"]\n", "CMD").exec()).containsExactly("aA");
  }

  @Test
  void flagsComeBeforeTheArguments() {
    Instruction copy = only("FROM scratch\nCOPY --from=build --chmod=755 /out/app /usr/local/bin/\n", "COPY");
    Instruction run = only("FROM scratch\nRUN --mount=type=cache,target=/var/lib/apt --network=none apt-get update\n",
        "RUN");

    assertThat(copy.flags()).containsExactly(Map.entry("from", "build"), Map.entry("chmod", "755"));
    assertThat(copy.paths()).containsExactly("/out/app", "/usr/local/bin/");
    assertThat(run.flags()).containsEntry("mount", "type=cache,target=/var/lib/apt").containsEntry("network", "none");
    assertThat(run.args()).isEqualTo("apt-get update");
  }

  @Test
  void hereDocumentsBelongToTheirInstructionAndTheLinesAfterThemAreInstructionsAgain() {
    Dockerfile file = DockerfileParser.parse("""
        FROM debian:bookworm-slim
        RUN <<EOF
        apt-get update
        FROM this is no instruction
        EOF
        COPY <<-"CONF" /etc/app.conf
        \tkey = value
        \tCONF
        USER app
        """);

    Instruction run = file.instructions().get(1);
    assertThat(run.heredocs()).containsExactly("apt-get update\nFROM this is no instruction\n");
    assertThat(run.endLine()).isEqualTo(5);
    assertThat(file.instructions().get(2).heredocs()).containsExactly("key = value\n");
    assertThat(file.instructions().get(3).keyword()).isEqualTo("USER");
    assertThat(file.instructions().get(3).line()).isEqualTo(9);
    assertThat(file.stages()).hasSize(1);
  }

  @Test
  void stagesHaveTheirNamesAndTheFinalImageKnowsWhichStagesItBuildsOn() {
    Dockerfile file = DockerfileParser.parse("""
        ARG BASE=python:3.12-slim
        FROM golang:1.22 AS Build
        RUN go build -o /app .
        FROM ${BASE} AS base
        USER app
        FROM base
        COPY --from=build /app /app
        """);

    List<Dockerfile.Stage> stages = file.stages();
    assertThat(stages).extracting(Dockerfile.Stage::name).containsExactly("build", "base", null);
    assertThat(stages).extracting(Dockerfile.Stage::image).containsExactly("golang:1.22", "python:3.12-slim", "base");
    assertThat(file.lineage(file.finalStage())).containsExactly(stages.get(2), stages.get(1));
    assertThat(file.globalArgs()).containsEntry("BASE", "python:3.12-slim");
  }

  @Test
  void aBaseImageFromAnArgWithoutDefaultIsUnknown() {
    assertThat(DockerfileParser.parse("ARG BASE\nFROM $BASE\n").finalStage().image()).isNull();
    assertThat(DockerfileParser.parse("ARG TAG\nFROM debian:${TAG:-bookworm}\n").finalStage().image())
        .isEqualTo("debian:bookworm");
  }

  @Test
  void envAndLabelPairsLoseTheirQuotesAsTheBuilderReadsThem() {
    List<Pairs.Pair> env = Pairs.of(only("FROM scratch\nENV A=\"x y\" B='$NOT' C=plain\\ text D=\"a\\\"b\"\n", "ENV"));
    List<Pairs.Pair> old = Pairs.of(only("FROM scratch\nENV GREETING hello big world\n", "ENV"));
    List<Pairs.Pair> arg = Pairs.of(only("FROM scratch\nARG TOKEN VERSION=2\n", "ARG"));

    assertThat(env).extracting(Pairs.Pair::name).containsExactly("A", "B", "C", "D");
    assertThat(env).extracting(p -> p.value().value()).containsExactly("x y", "$NOT", "plain text", "a\"b");
    assertThat(env.get(1).value().variable()).as("single quotes keep $ literal").isFalse();
    assertThat(old).containsExactly(new Pairs.Pair("GREETING", new Words.Word("hello big world", false, true)));
    assertThat(arg.get(0).value()).isNull();
    assertThat(arg.get(1).value().value()).isEqualTo("2");
  }

  @Test
  void windowsLineEndsAndAByteOrderMarkAreRead() {
    Dockerfile file = DockerfileParser.parse("\uFEFFFROM scratch\r\nRUN a \\\r\n b\r\nUSER 1000\r\n");

    assertThat(file.instructions()).extracting(Instruction::keyword).containsExactly("FROM", "RUN", "USER");
    assertThat(file.instructions().get(1).args()).isEqualTo("a  b");
    assertThat(file.instructions().get(2).line()).isEqualTo(4);
  }

  @Test
  void whatTheBuilderWouldRefuseIsAProblemAtItsLine() {
    Dockerfile file = DockerfileParser.parse("RUN echo early\nFROM scratch\nRUNN echo typo\nRUN <<EOF\nnever closed\n");

    assertThat(file.problems()).extracting(Dockerfile.Problem::line, Dockerfile.Problem::message).containsExactly(
        tuple(3, "unknown instruction: RUNN"),
        tuple(4, "the here-document <<EOF is never closed by a line EOF"),
        tuple(1, "RUN comes before the first FROM, where only ARG may be"));
    assertThat(DockerfileParser.parse("# just a comment\n").problems()).extracting(Dockerfile.Problem::message)
        .containsExactly("there is no FROM: a Dockerfile starts from a base image");
    assertThat(DockerfileParser.parse("# escape=x\nFROM scratch\n").problems()).extracting(Dockerfile.Problem::message)
        .containsExactly("the escape directive must be \\ or `, not x");
  }
}
