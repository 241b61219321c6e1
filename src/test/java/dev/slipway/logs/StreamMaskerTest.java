package dev.slipway.logs;

import static dev.slipway.logs.LineAssembler.CONTINUED;
import static dev.slipway.logs.SecretMasker.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A secret that a line cut splits between two pieces shows in clear in neither. */
class StreamMaskerTest {
  private static final String SECRET = "S3cr3t-Hunter42";
  private static final int MAX = 20;
  private final SecretMasker masker = new SecretMasker(List.of(SECRET));

  /** The line cut as {@link LineAssembler} cuts it, each piece masked by one stream masker, in order. */
  private static List<String> cutAndMask(SecretMasker masker, int maxLineChars, String... lines) {
    List<String> pieces = new ArrayList<>();
    StreamMasker stream = masker.stream();
    LineAssembler assembler = new LineAssembler(maxLineChars, piece -> pieces.add(stream.mask(piece)));
    assembler.feed(String.join("\n", lines) + "\n");
    assembler.finish();
    return pieces;
  }

  /** What the dashboard shows of the pieces, one after the other, without the masks and cut markers. */
  private static String shownWithoutMasks(List<String> pieces) {
    StringBuilder shown = new StringBuilder();
    pieces.forEach(piece -> shown.append(Ansi.strip(piece).replace(CONTINUED, "").replace(MASK, "")));
    return shown.toString();
  }

  @Test
  void aSecretStraddlingTheCutIsMaskedOnBothSidesWhereverTheCutFalls() {
    for (int before = 0; before <= MAX; before++) {
      String line = "x".repeat(before) + SECRET + "y".repeat(10);
      List<String> pieces = cutAndMask(masker, MAX, line);

      assertThat(pieces).as("%d chars before", before).hasSizeGreaterThan(1).noneMatch(p -> p.contains("3t"));
      assertThat(shownWithoutMasks(pieces)).as("%d chars before", before)
          .isEqualTo("x".repeat(before) + "y".repeat(10));
      assertThat(pieces.subList(0, pieces.size() - 1)).allMatch(p -> p.endsWith(CONTINUED));
    }
  }

  @Test
  void thePieceBeforeTheCutIsMaskedFromTheSecretsStartAndTheNextUpToItsEnd() {
    List<String> pieces = cutAndMask(masker, MAX, "x".repeat(14) + SECRET + " after");
    assertThat(pieces).containsExactly("x".repeat(14) + MASK + CONTINUED, MASK + " after");
  }

  @Test
  void aSecretLongerThanAPieceIsMaskedAcrossThreePieces() {
    SecretMasker longOne = new SecretMasker(List.of("0123456789abcdefghijklmnopqrstuvwxyzABCDEF"));
    for (int before = 0; before < 10; before++) {
      List<String> pieces = cutAndMask(longOne, 16, "-".repeat(before) + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF!");
      assertThat(shownWithoutMasks(pieces)).as("%d before", before).isEqualTo("-".repeat(before) + "!");
    }
  }

  @Test
  void anEscapeCodeCutInTwoInsideTheSecretDoesNotLetItThrough() {
    String raw = "S3cr3t\u001B[0m-Hunter42";
    for (int before = 0; before <= MAX; before++) {
      List<String> pieces = cutAndMask(masker, MAX, "x".repeat(before) + raw + "y".repeat(6));
      assertThat(shownWithoutMasks(pieces)).as("%d chars before: %s", before, pieces).matches("x*[\\[0m]*y*");
    }
  }

  @Test
  void hiddenCharactersInsideASecretThatStraddlesTheCutDoNotLetItThrough() {
    String raw = "S3\u200Bcr\u00AD3t-\u0000Hun\u2060ter42";
    for (int before = 0; before <= MAX; before++) {
      List<String> pieces = cutAndMask(masker, MAX, "x".repeat(before) + raw + "y".repeat(6));
      assertThat(shownWithoutMasks(pieces).replaceAll("[\u200B\u00AD\u0000\u2060]", ""))
          .as("%d chars before: %s", before, pieces).isEqualTo("x".repeat(before) + "y".repeat(6));
    }
  }

  @Test
  void aSecretStretchedOverManyPiecesByZeroWidthCharactersIsMasked() {
    String raw = "S3" + "\u200B".repeat(20_000) + "cr3t-Hunter42";
    List<String> pieces = cutAndMask(masker, 1000, "x" + raw + "y");
    assertThat(pieces).hasSizeGreaterThan(20);
    assertThat(shownWithoutMasks(pieces).replace("\u200B", "")).isEqualTo("xy");
  }

  @Test
  void whatAPieceHoldsForTheNextStaysBoundedByTheSecretsVisibleLength() {
    StreamMasker stream = masker.stream();
    stream.mask("xS3cr" + CONTINUED);
    for (int i = 0; i < 30; i++) {
      stream.mask("\u200B".repeat(1000) + CONTINUED);
    }
    assertThat(stream.carried()).isLessThanOrEqualTo(4096 + 1000);
    assertThat(stream.mask("3t-Hunter42 end")).isEqualTo(MASK + " end");
    assertThat(stream.carried()).isZero();
  }

  @Test
  void aBase64EncodedSecretStraddlingTheCutIsMasked() {
    String encoded = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    for (int before = 0; before <= MAX; before++) {
      List<String> pieces = cutAndMask(masker, MAX, "x".repeat(before) + encoded + " ");
      assertThat(shownWithoutMasks(pieces)).as("%d chars before: %s", before, pieces)
          .isEqualTo("x".repeat(before) + " ");
    }
  }

  @Test
  void eachLineOfAMultiLineSecretIsMaskedAcrossACutToo() {
    SecretMasker key = new SecretMasker(List.of("-----BEGIN KEY-----\nMIIEsecretline2\n-----END KEY-----"));
    List<String> pieces = cutAndMask(key, 10, "-----BEGIN KEY-----", "MIIEsecretline2", "-----END KEY-----");
    assertThat(shownWithoutMasks(pieces)).isEmpty();
  }

  @Test
  void aCutThatEndsOnlyLikeTheSecretsStartOverMasksThatEndAndNothingElse() {
    List<String> pieces = cutAndMask(masker, MAX, "x".repeat(17) + "S3c" + "ond thoughts");
    assertThat(pieces).containsExactly("x".repeat(17) + MASK + CONTINUED, "ond thoughts");
  }

  @Test
  void linesThatWereNotCutAreMaskedOnTheirOwn() {
    StreamMasker stream = masker.stream();
    assertThat(stream.mask("S3cr3t")).isEqualTo("S3cr3t");
    assertThat(stream.mask("-Hunter42")).isEqualTo("-Hunter42");
    assertThat(stream.mask("is " + SECRET)).isEqualTo("is " + MASK);
    assertThat(stream.mask(null)).isNull();
  }

  @Test
  void aLineEndingWithoutASecretCarriesNothingOver() {
    List<String> pieces = cutAndMask(masker, MAX, "x".repeat(45), "-Hunter42 next line");
    assertThat(pieces).containsExactly("x".repeat(20) + CONTINUED, "x".repeat(20) + CONTINUED, "x".repeat(5),
        "-Hunter42 next line");
  }

  @Test
  void withoutSecretsLinesPassUntouched() {
    StreamMasker stream = SecretMasker.NONE.stream();
    String cut = "S3cr3t" + CONTINUED;
    assertThat(stream.mask(cut)).isSameAs(cut);
  }

  @Test
  void aLongCutLineWithManySecretsIsMaskedWhole() {
    List<String> secrets = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      secrets.add("secret-number-" + i + "-Zq");
    }
    for (int i = 0; line.length() < 600_000; i++) {
      line.append("\u001B[3").append(i % 8).append("mword ").append(secrets.get(i % 200)).append(' ');
    }
    List<String> pieces = cutAndMask(new SecretMasker(secrets), 256 * 1024, line.toString());

    assertThat(pieces).hasSize(3);
    assertThat(String.join("", pieces)).doesNotContain("secret-number").doesNotContain("-Zq");
  }
}
