package dev.slipway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineAssemblerTest {
  private final List<String> lines = new ArrayList<>();

  private LineAssembler assembler(int maxLineChars) {
    return new LineAssembler(maxLineChars, lines::add);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(values).forEach(out::write);
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"café ü ß", "€ 漢字 ∑", "emoji 😀 and 🚀 𝄞", "ñ€😀ñ€😀"})
  void multiByteSequencesSplitAtEveryByteBoundaryArriveIntact(String text) {
    byte[] all = utf8(text + "\n");
    for (int cut = 0; cut <= all.length; cut++) {
      List<String> got = new ArrayList<>();
      LineAssembler assembler = new LineAssembler(1024, got::add);
      assembler.feed(Arrays.copyOfRange(all, 0, cut));
      assembler.feed(Arrays.copyOfRange(all, cut, all.length));
      assembler.finish();
      assertThat(got).as("split at byte %d", cut).containsExactly(text);
    }
  }

  @Test
  void bytesFedOneAtATimeArriveIntact() {
    LineAssembler assembler = assembler(1024);
    for (byte b : utf8("😀 €uro ü\n🚀\n")) {
      assembler.feed(new byte[] {b});
    }
    assertThat(lines).containsExactly("😀 €uro ü", "🚀");
  }

  @Test
  void crLfEndsALine() {
    assembler(100).feed(utf8("one\r\ntwo\r\n"));
    assertThat(lines).containsExactly("one", "two");
  }

  @Test
  void bareCarriageReturnKeepsOnlyTheLastProgressState() {
    assembler(100).feed(utf8("10%\r20%\r30%\ndone\n"));
    assertThat(lines).containsExactly("30%", "done");
  }

  @Test
  void carriageReturnAndLineFeedInDifferentFeedsEndOneLine() {
    LineAssembler assembler = assembler(100);
    assembler.feed(utf8("abc\r"));
    assembler.feed(utf8("\ndef\r"));
    assembler.feed(utf8("\n"));
    assertThat(lines).containsExactly("abc", "def");
  }

  @Test
  void progressStatesSplitAcrossFeedsKeepOnlyTheLast() {
    LineAssembler assembler = assembler(100);
    assembler.feed(utf8("[==  ] 50%\r"));
    assembler.feed(utf8("[====] 100%"));
    assembler.feed(utf8("\n"));
    assertThat(lines).containsExactly("[====] 100%");
  }

  @Test
  void longLineIsCutAndEveryPieceButTheLastIsMarked() {
    String text = "0123456789".repeat(3) + "abcde";
    assembler(10).feed(utf8(text + "\n"));
    assertThat(lines).hasSize(4);
    assertThat(lines.subList(0, 3)).allSatisfy(piece -> assertThat(piece).endsWith(LineAssembler.CONTINUED));
    assertThat(lines.get(3)).isEqualTo("abcde");
    assertThat(rejoined(lines)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", ""})
  void lineOfExactlyMaxCharsIsNotCut(String ending) {
    LineAssembler assembler = assembler(10);
    assembler.feed(utf8("0123456789" + ending));
    assembler.finish();
    assertThat(lines).containsExactly("0123456789");
  }

  @Test
  void cutNeverSplitsASurrogatePair() {
    for (int pad = 0; pad < 8; pad++) {
      lines.clear();
      String text = "a".repeat(pad) + "😀🚀😀🚀" + "z";
      LineAssembler assembler = assembler(5);
      assembler.feed(text);
      assembler.finish();
      StringBuilder joined = new StringBuilder();
      for (String piece : lines) {
        String body = piece.replace(LineAssembler.CONTINUED, "");
        assertThat(Character.isHighSurrogate(body.charAt(body.length() - 1))).as("piece %s", piece).isFalse();
        assertThat(Character.isLowSurrogate(body.charAt(0))).as("piece %s", piece).isFalse();
        joined.append(body);
      }
      assertThat(joined).hasToString(text);
    }
  }

  @Test
  void finishFlushesAnUnterminatedLastLine() {
    LineAssembler assembler = assembler(100);
    assembler.feed(utf8("first\nlast words"));
    assertThat(lines).containsExactly("first");
    assembler.finish();
    assertThat(lines).containsExactly("first", "last words");
  }

  @Test
  void finishTurnsAnIncompleteSequenceIntoReplacementCharacter() {
    LineAssembler assembler = assembler(100);
    assembler.feed(bytes('o', 'k', 0xE2, 0x82));
    assembler.finish();
    assertThat(lines).containsExactly("ok\uFFFD");
  }

  @Test
  void invalidUtf8BecomesReplacementCharacterWithoutLosingNeighbours() {
    assembler(100).feed(bytes('a', 0xFF, 'b', 0xC3, 'c', 0x80, 'd', '\n'));
    assertThat(lines).containsExactly("a\uFFFDb\uFFFDc\uFFFDd");
  }

  @Test
  void emptyLinesAreKept() {
    assembler(100).feed(utf8("a\n\n\r\nb\n\n"));
    assertThat(lines).containsExactly("a", "", "", "b", "");
  }

  @Test
  void textFeedSplitAnywhereBehavesLikeBytes() {
    String text = "α\r\nβ😀 progress 1\rprogress 2\n\nlonger than twelve chars 🚀🚀\ntail";
    LineAssembler viaBytes = assembler(12);
    viaBytes.feed(utf8(text));
    viaBytes.finish();
    List<String> expected = List.copyOf(lines);
    assertThat(expected).contains("progress 2", "").hasSizeGreaterThan(4);
    for (int cut = 0; cut <= text.length(); cut++) {
      List<String> got = new ArrayList<>();
      LineAssembler viaText = new LineAssembler(12, got::add);
      viaText.feed(text.substring(0, cut));
      viaText.feed(text.substring(cut));
      viaText.finish();
      assertThat(got).as("split at char %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void hundredKilobyteLineArrivesWholeUnderTheDefaultLimit() {
    String text = "0123456789abcdef".repeat(6400);
    byte[] all = utf8(text + "\n");
    LineAssembler assembler = assembler(256 * 1024);
    for (int at = 0; at < all.length; at += 8192) {
      assembler.feed(Arrays.copyOfRange(all, at, Math.min(all.length, at + 8192)));
    }
    assertThat(lines).containsExactly(text);
  }

  @Test
  void nonPositiveLimitIsRefused() {
    assertThatThrownBy(() -> new LineAssembler(0, text -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLineChars");
  }

  private static String rejoined(List<String> pieces) {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      String piece = pieces.get(i);
      boolean last = i == pieces.size() - 1;
      assertThat(piece.endsWith(LineAssembler.CONTINUED)).as("piece %d: %s", i, piece).isEqualTo(!last);
      all.append(last ? piece : piece.substring(0, piece.length() - LineAssembler.CONTINUED.length()));
    }
    return all.toString();
  }
}
