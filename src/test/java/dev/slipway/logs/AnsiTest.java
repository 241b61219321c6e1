package dev.slipway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnsiTest {

  static Stream<Arguments> escaped() {
    return Stream.of(
        Arguments.of("\u001B[1;31mred\u001B[0m text", "red text"),
        Arguments.of("\u001B[38;5;208morange\u001B[m", "orange"),
        Arguments.of("\u001B[38;2;255;0;0mtrue colour\u001B[39m", "true colour"),
        Arguments.of("\u001B[2K\u001B[1Gline", "line"),
        Arguments.of("\u001B[?25lhidden cursor\u001B[?25h", "hidden cursor"),
        Arguments.of("up\u001B[3Aand\u001B[10;20Hthere", "upandthere"),
        Arguments.of("\u001B]0;window title\u0007text", "text"),
        Arguments.of("\u001B]8;;http://example.test\u001B\\link\u001B]8;;\u001B\\", "link"),
        Arguments.of("\u001B7saved cursor\u001B8", "saved cursor"),
        Arguments.of("\u001B[1mbold\u001B(B\u001B[m", "bold"),
        Arguments.of("\u001B[32m✔\u001B[0m built ü 😀", "✔ built ü 😀"));
  }

  @ParameterizedTest
  @MethodSource("escaped")
  void escapeSequencesAreStripped(String input, String expected) {
    assertThat(Ansi.strip(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain text", "", "brackets [1;31m without escape", "tabs\tand ü 😀", "50% [====>   ]"})
  void plainTextIsUntouched(String text) {
    assertThat(Ansi.strip(text)).isEqualTo(text);
  }
}
