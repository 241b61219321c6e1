package dev.slipway.logs;

import static dev.slipway.logs.SecretMasker.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A secret is masked where a reader would see it, whatever hides between its characters in the raw line. */
class ShownTextMaskingTest {
  private static final String SECRET = "S3cr3t-Hunter42";
  private final SecretMasker masker = new SecretMasker(List.of(SECRET));

  @Test
  void aColourResetInsideTheSecretIsMaskedWithIt() {
    assertThat(masker.mask("S3cr3t\u001B[0m-Hunter42")).isEqualTo(MASK);
    assertThat(masker.mask("pw: S3cr3t\u001B[0m-Hunter42, ok")).isEqualTo("pw: " + MASK + ", ok");
  }

  static Stream<Arguments> hiddenInside() {
    return Stream.of(
        Arguments.of("CSI colour", "\u001B[1;31m"),
        Arguments.of("CSI cursor move", "\u001B[3A"),
        Arguments.of("CSI private mode", "\u001B[?25l"),
        Arguments.of("OSC title ended by BEL", "\u001B]0;title\u0007"),
        Arguments.of("OSC hyperlink ended by ST", "\u001B]8;;http://example.test\u001B\\"),
        Arguments.of("save cursor ESC 7", "\u001B7"),
        Arguments.of("restore cursor ESC 8", "\u001B8"),
        Arguments.of("charset ESC ( B", "\u001B(B"),
        Arguments.of("ESC alone (or with the next char, which it hides on screen only)", "\u001B"),
        Arguments.of("two ESCs", "\u001B\u001B"),
        Arguments.of("NUL", "\u0000"),
        Arguments.of("bell", "\u0007"),
        Arguments.of("backspace", "\b"),
        Arguments.of("vertical tab", "\u000B"),
        Arguments.of("DEL", "\u007F"),
        Arguments.of("C1 CSI", "\u009B"),
        Arguments.of("zero-width space", "\u200B"),
        Arguments.of("zero-width non-joiner", "\u200C"),
        Arguments.of("zero-width joiner", "\u200D"),
        Arguments.of("word joiner", "\u2060"),
        Arguments.of("byte order mark", "\uFEFF"),
        Arguments.of("soft hyphen", "\u00AD"),
        Arguments.of("right-to-left mark", "\u200F"),
        Arguments.of("tag character (outside the BMP)", new String(Character.toChars(0xE0041))),
        Arguments.of("variation selector", "\uFE0F"),
        Arguments.of("several mixed", "\u200B\u001B[0m\u0000\u00AD\u001B[32m"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hiddenInside")
  void whatTakesNoRoomOnScreenDoesNotHideTheSecretAtAnyPosition(String what, String hidden) {
    for (int at = 1; at < SECRET.length(); at++) {
      String line = "before " + SECRET.substring(0, at) + hidden + SECRET.substring(at) + " after";
      assertThat(masker.mask(line)).as("%s at %d", what, at).isEqualTo("before " + MASK + " after");
    }
  }

  @Test
  void hiddenCharactersEverywhereInsideTheSecretAreMaskedWithIt() {
    String line = String.join("\u200B\u001B[0m", SECRET.split(""));
    assertThat(masker.mask("[" + line + "]")).isEqualTo("[" + MASK + "]");
  }

  @Test
  void escapeCodesAroundTheSecretStaySoColoursStillWork() {
    assertThat(masker.mask("\u001B[31m" + SECRET + "\u001B[0m")).isEqualTo("\u001B[31m" + MASK + "\u001B[0m");
    assertThat(masker.mask("\u001B[31mS3cr3t\u001B[1m-Hunter42\u001B[0m")).isEqualTo("\u001B[31m" + MASK + "\u001B[0m");
  }

  @Test
  void theDashboardShowsNoPartOfTheSecretOnceItStripsEscapeCodes() {
    String raw = "\u001B[1mS3\u001B[0mcr\u200B3t-\u00ADHun\u0000ter42\u001B[0m done";
    assertThat(Ansi.strip(masker.mask(raw))).isEqualTo(MASK + " done");
  }

  @Test
  void aSecretThatAnEscapeCodeSwallowsOnScreenIsStillMaskedInTheRawLog() {
    // On screen "\e[31mabcd" shows "abcd"; the stored log (text/plain download) holds "1mabcd" as it is.
    SecretMasker swallowed = new SecretMasker(List.of("1mabcd"));
    assertThat(swallowed.mask("\u001B[31mabcd")).doesNotContain("1mabcd").contains(MASK);
  }

  @Test
  void aSecretHoldingAHiddenCharacterIsMaskedVerbatimAndAsShown() {
    SecretMasker withJoiner = new SecretMasker(List.of("pass\u200Dword"));
    assertThat(withJoiner.mask("a pass\u200Dword b")).isEqualTo("a " + MASK + " b");
    assertThat(withJoiner.mask("a password b")).isEqualTo("a " + MASK + " b");
  }

  @Test
  void tabIsVisibleSoItSeparatesWhatItStandsBetween() {
    assertThat(masker.mask("S3cr3t\t-Hunter42")).isEqualTo("S3cr3t\t-Hunter42");
    assertThat(new SecretMasker(List.of("ab\tcd")).mask("x ab\tcd y")).isEqualTo("x " + MASK + " y");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain text", "\u001B[1;31mred\u001B[0m S3cr3t and Hunter42", "S3cr3t-Hunter4 2",
      "s3cr3t-hunter42", "tabs\tand ü 😀 👩\u200D💻", "\u001B]0;S3cr3t-Hunter4\u0007"})
  void linesWithoutTheSecretAreLeftExactlyAsTheyAre(String line) {
    assertThat(masker.mask(line)).isSameAs(line);
  }

  @Test
  void twoOccurrencesOnlySeparatedByAnEscapeCodeStayTwoMasks() {
    assertThat(masker.mask(SECRET + "\u001B[0m" + SECRET)).isEqualTo(MASK + "\u001B[0m" + MASK);
  }
}
