package dev.slipway.logs;

import static dev.slipway.logs.SecretMasker.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
