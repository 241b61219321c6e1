package dev.slipway.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's table of Dockerfile advice says what the rules say: the same ids, and each row in the code's words. */
class RuleTableTest {
  @Test
  void readmesTableListsEveryRuleAsTheCodeDescribesIt() throws IOException {
    List<String> rows = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.matches("\\| SW\\d{3} \\|.*"))
        .toList();

    assertThat(rows).containsExactlyElementsOf(Arrays.stream(Rule.values())
        .map(r -> "| " + r.name() + " | " + r.what() + " | " + r.why() + " | " + r.fix() + " |").toList());
  }
}
