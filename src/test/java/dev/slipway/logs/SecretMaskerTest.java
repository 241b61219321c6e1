package dev.slipway.logs;

import static dev.slipway.logs.SecretMasker.MASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {

  @Test
  void everyOccurrenceIsMasked() {
    SecretMasker masker = new SecretMasker(List.of("hunter2"));
    assertThat(masker.mask("pw=hunter2; again:hunter2hunter2"))
        .isEqualTo("pw=" + MASK + "; again:" + MASK + MASK);
  }

  @Test
  void everySecretIsMasked() {
    SecretMasker masker = new SecretMasker(List.of("alpha", "omega"));
    assertThat(masker.mask("alpha to omega")).isEqualTo(MASK + " to " + MASK);
  }

  @Test
  void longestSecretWinsWhenOneContainsAnother() {
    String text = "token=abcdef short=abc";
    String expected = "token=" + MASK + " short=" + MASK;
    assertThat(new SecretMasker(List.of("abc", "abcdef")).mask(text)).isEqualTo(expected);
    assertThat(new SecretMasker(List.of("abcdef", "abc")).mask(text)).isEqualTo(expected);
  }

  @Test
  void emptyAndNullSecretsAreIgnored() {
    SecretMasker masker = new SecretMasker(Arrays.asList("", null, "s3cr3t"));
    assertThat(masker.mask("plain text")).isEqualTo("plain text");
    assertThat(masker.mask("is s3cr3t")).isEqualTo("is " + MASK);
  }

  @Test
  void onlyEmptySecretsLeaveTextAlone() {
    assertThat(new SecretMasker(Arrays.asList("", null)).mask("abc")).isEqualTo("abc");
  }

  @Test
  void nullTextPasses() {
    assertThat(new SecretMasker(List.of("x")).mask(null)).isNull();
    assertThat(SecretMasker.NONE.mask(null)).isNull();
  }

  @Test
  void noneMasksNothing() {
    assertThat(SecretMasker.NONE.mask("password=hunter2")).isEqualTo("password=hunter2");
  }

  @Test
  void eachLineOfAMultiLineSecretIsMaskedSinceLogsAreMaskedLineByLine() {
    SecretMasker masker = new SecretMasker(List.of("-----BEGIN KEY-----\nMIIEsecretline2\nab\n-----END KEY-----"));

    assertThat(masker.mask("MIIEsecretline2")).isEqualTo(MASK);
    assertThat(masker.mask("-----BEGIN KEY-----")).isEqualTo(MASK);
    assertThat(masker.mask("ab stays: too short to mean anything")).startsWith("ab stays");
  }

  @Test
  void overlappingOccurrencesBecomeOneMaskAndLeaveNoPartInClear() {
    assertThat(new SecretMasker(List.of("abcab")).mask("x abcabcab y")).isEqualTo("x " + MASK + " y");
  }

  @Test
  void aMultiLineSecretIsMaskedWholeInTextThatKeepsItsNewlines() {
    SecretMasker masker = new SecretMasker(List.of("line-one\nline-two"));
    assertThat(masker.mask("KEY=line-one\nline-two;")).isEqualTo("KEY=" + MASK + ";");
  }

  @Test
  void ordinaryOutputIsNotMasked() {
    SecretMasker masker = new SecretMasker(List.of("hunter2-Secret", "tok-123", "Pa55w0rd!", "k3Y!"));
    List<String> ordinary = List.of(
        "Step 3/10 : RUN apt-get update && apt-get install -y python3-notebook",
        " ---> Running in 4f9c2a8e1b7d",
        "Successfully built sha256:9b2f6c0e4d1a7f3b8c5e2d9a6f1b4c7e0d3a8f5b2c9e6d1a4f7b0c3e8d5a2f9b",
        "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]",
        "\u001B[1;32m[I 12:00:01.123 NotebookApp]\u001B[0m Serving notebooks from local directory: /home",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "The quick brown fox jumps over the lazy dog; hunter 2 secret tok 123 Pa55 w0rd",
        "tab\tand ü 😀 ß €uro 漢字");
    assertThat(ordinary).allSatisfy(line -> assertThat(masker.mask(line)).isSameAs(line));
  }

  @Test
  void aLongLineWithManySecretsIsMaskedInOnePass() {
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      secrets.add("s3cret-" + i + "-of-many");
    }
    SecretMasker masker = new SecretMasker(secrets);
    StringBuilder line = new StringBuilder();
    for (int i = 0; line.length() < 256 * 1024; i++) {
      line.append("\u200B value ").append(secrets.get(i * 7 % 500)).append(" \u001B[0m");
    }
    String masked = masker.mask(line.toString());

    assertThat(masked).doesNotContain("s3cret").contains(MASK);
    assertThat(new SecretMasker(List.of("aaaa")).mask("a".repeat(256 * 1024))).isEqualTo(MASK);
    assertThat(new SecretMasker(List.of("ab".repeat(50))).mask("ab".repeat(128 * 1024) + "!")).isEqualTo(MASK + "!");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "abc", "ab\u200B\u200B", "ab\u001B[0m", "😀"})
  void aSecretShorterThanFourVisibleCharactersIsRefusedWithoutShowingIt(String value) {
    assertThatThrownBy(() -> SecretMasker.requireMaskable("API_KEY", value))
        .isInstanceOfSatisfying(BadRequest.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).contains("the secret API_KEY is shorter than 4 characters");
          if (value.length() > 1) {
            assertThat(e.getMessage()).doesNotContain(value);
          }
        });
  }

  @Test
  void aMissingSecretValueIsRefused() {
    assertThatThrownBy(() -> SecretMasker.requireMaskable("API_KEY", null)).isInstanceOf(BadRequest.class)
        .hasMessageContaining("the secret API_KEY is shorter than 4 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcd", "tok-123", "😀😀😀😀", "p a s"})
  void aSecretOfFourCharactersOrMoreIsAccepted(String value) {
    assertThatCode(() -> SecretMasker.requireMaskable("API_KEY", value)).doesNotThrowAnyException();
  }
}
