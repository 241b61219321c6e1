package dev.slipway.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A RUN's simple commands, found the way a shell splits them. */
class ShellCommandsTest {
  private static List<List<String>> of(String dockerfile) {
    Instruction run = DockerfileParser.parse("FROM scratch\n" + dockerfile).instructions().get(1);
    return ShellCommands.of(run);
  }

  @Test
  void operatorsSeparateCommandsAndQuotesKeepWordsTogether() {
    assertThat(of("RUN apt-get update && DEBIAN_FRONTEND=noninteractive sudo apt-get install -y 'a b' \"c\\\"d\" || "
        + "echo failed; rm -rf /var/lib/apt/lists/* | tee x & wait # apt-get install commented\n"))
        .containsExactly(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "a b", "c\"d"),
            List.of("echo", "failed"), List.of("rm", "-rf", "/var/lib/apt/lists/*"), List.of("tee", "x"),
            List.of("wait"));
  }

  @Test
  void aShellGivenAScriptIsReadAsThatScript() {
    assertThat(of("RUN [\"/bin/bash\", \"-ec\", \"apt-get update && apt-get install -y x\"]\n"))
        .containsExactly(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "x"));
    assertThat(of("RUN if [ -f x ]; then apt-get install -y x; fi\n"))
        .contains(List.of("apt-get", "install", "-y", "x"));
  }

  @Test
  void hereDocumentsAreTheShellsScriptOnlyWhenTheShellReadsThem() {
    assertThat(of("RUN <<EOF\napt-get update\napt-get install -y x\nEOF\n"))
        .containsExactly(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "x"));
    assertThat(of("RUN python3 <<EOF\nimport os\nEOF\n")).containsExactly(List.of("python3"));
  }

  @Test
  void commandSubstitutionsStayInsideTheirWord() {
    assertThat(of("RUN echo $(apt-get install x; true) done\n"))
        .containsExactly(List.of("echo", "$(apt-get install x; true)", "done"));
  }
}
