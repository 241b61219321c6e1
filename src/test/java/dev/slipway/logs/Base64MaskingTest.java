package dev.slipway.logs;

import static dev.slipway.logs.SecretMasker.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A secret printed base64-encoded, alone or inside longer encoded data, is masked too. */
class Base64MaskingTest {
  /** Holds bytes whose encoding differs between the standard alphabet (+ /) and the URL-safe one (- _). */
  private static final String SECRET = "p>?ss~w0rd";
  private final SecretMasker masker = new SecretMasker(List.of(SECRET));

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  @Test
  void theSecretNeedsBothAlphabetsToBeTested() {
    String standard = Base64.getEncoder().encodeToString(utf8(SECRET));
    assertThat(standard).containsAnyOf("+", "/").endsWith("=");
    assertThat(Base64.getUrlEncoder().encodeToString(utf8(SECRET))).isNotEqualTo(standard);
  }

  @Test
  void theSecretsOwnEncodingIsMaskedInEveryAlphabetWithAndWithoutPadding() {
    for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getEncoder().withoutPadding(),
        Base64.getUrlEncoder(), Base64.getUrlEncoder().withoutPadding())) {
      String encoded = encoder.encodeToString(utf8(SECRET));
      assertThat(masker.mask("PASSWORD_B64=" + encoded)).as(encoded).isEqualTo("PASSWORD_B64=" + MASK);
      assertThat(masker.mask(encoded + " is it")).as(encoded).isEqualTo(MASK + " is it");
    }
  }

  /**
   * Inside longer data, only the characters that share bits with the neighbours may stay: the secret starts
   * {@code before % 3} bytes into a group of three, and its stable part begins that many chars into the group's 4.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void insideLongerDataTheSecretIsMaskedAtEveryByteOffset(int before) {
    byte[] prefix = utf8("Basic user:".repeat(2).substring(0, before));
    for (int after = 0; after <= 4; after++) {
      byte[] suffix = utf8("@db:5432".substring(0, after));
      for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
        String encoded = encoder.encodeToString(concat(prefix, utf8(SECRET), suffix));
        int coreStart = before / 3 * 4 + new int[] {0, 2, 3}[before % 3];
        int coreEnd = (before + utf8(SECRET).length) * 8 / 6;
        String expected = encoded.substring(0, coreStart) + MASK
            + (after == 0 ? "" : encoded.substring(coreEnd));

        assertThat(masker.mask("auth " + encoded + " end")).as("%d bytes before, %d after: %s", before, after, encoded)
            .isEqualTo("auth " + expected + " end");
      }
    }
  }

  @Test
  void aBasicAuthorizationHeaderDoesNotGiveTheSecretAway() {
    String header = "Authorization: Basic " + Base64.getEncoder().encodeToString(utf8("admin:" + SECRET));
    String masked = masker.mask(header);

    String left = masked.substring("Authorization: Basic ".length()).replace(MASK, "");
    assertThat(left.length()).isLessThanOrEqualTo(Base64.getEncoder().encodeToString(utf8("admin:")).length());
    assertThat(masked).endsWith(MASK);
  }

  @Test
  void anEncodedSecretFollowedByANewlineAsEchoPipedToBase64PrintsIsMasked() {
    String encoded = Base64.getEncoder().encodeToString(utf8(SECRET + "\n"));
    assertThat(masker.mask(encoded)).startsWith(MASK).hasSizeLessThanOrEqualTo(MASK.length() + 4);
  }

  @Test
  void eachLineOfAMultiLineSecretIsLookedForEncodedToo() {
    SecretMasker key = new SecretMasker(List.of("first-line-of-key\nsecond-line-of-key"));
    assertThat(key.mask(Base64.getEncoder().encodeToString(utf8("second-line-of-key")))).isEqualTo(MASK);
    assertThat(key.mask(Base64.getEncoder().encodeToString(utf8("first-line-of-key\nsecond-line-of-key"))))
        .isEqualTo(MASK);
  }

  @Test
  void aSecretTooShortForAStableCoreOfFourCharsIsNotLookedForEncoded() {
    // "ab" encodes as "YWI=": its stable part, "YW", would match far too much ordinary base64.
    assertThat(new SecretMasker(List.of("ab")).mask("YWI= YWJj")).isEqualTo("YWI= YWJj");
  }

  @Test
  void aFourCharSecretIsFoundEncodedAtEveryOffset() {
    SecretMasker shortOne = new SecretMasker(List.of("k3Y!"));
    for (int before = 0; before < 3; before++) {
      String encoded = Base64.getEncoder().encodeToString(concat(utf8("xyz".substring(0, before)), utf8("k3Y!"),
          utf8("tail")));
      assertThat(shortOne.mask(encoded)).as("offset %d", before).contains(MASK);
    }
  }

  @Test
  void otherBase64IsLeftAlone() {
    String other = Base64.getEncoder().encodeToString(utf8("an ordinary value, nothing to hide here at all"));
    assertThat(masker.mask(other)).isEqualTo(other);
  }
}
