package dev.slipway.logs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Rebuilds whole lines from a byte or text stream that arrives in arbitrary pieces (Docker frames, build items).
 *
 * <p>UTF-8 sequences split across pieces are decoded whole. {@code \r\n} ends a line; a bare {@code \r} returns to the
 * start of the line as a terminal would, so progress bars leave only their last state. A line longer than
 * {@code maxLineChars} is cut, and every piece but the last ends with {@link #CONTINUED}.
 * One assembler per stream; not thread-safe.
 */
public final class LineAssembler {
  public static final String CONTINUED = " …[continued]";

  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final StringBuilder line = new StringBuilder();
  private final int maxLineChars;
  private final LineSink sink;
  private ByteBuffer carry = ByteBuffer.allocate(0);
  private boolean carriageReturn;

  public LineAssembler(int maxLineChars, LineSink sink) {
    if (maxLineChars < 1) {
      throw new IllegalArgumentException("maxLineChars must be positive");
    }
    this.maxLineChars = maxLineChars;
    this.sink = sink;
  }

  public void feed(byte[] bytes) {
    ByteBuffer in = ByteBuffer.allocate(carry.remaining() + bytes.length).put(carry).put(bytes).flip();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    carry = in.slice();
    feed(out.flip());
  }

  public void feed(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      accept(text.charAt(i));
    }
  }

  /** Ends the stream: an unfinished line (or UTF-8 sequence) is emitted as it stands. */
  public void finish() {
    CharBuffer out = CharBuffer.allocate(carry.remaining() + 4);
    decoder.decode(carry, out, true);
    decoder.flush(out);
    carry = ByteBuffer.allocate(0);
    decoder.reset();
    feed(out.flip());
    if (line.length() > 0) {
      emit();
    }
    carriageReturn = false;
  }

  private void accept(char c) {
    if (c == '\n') {
      carriageReturn = false;
      emit();
      return;
    }
    if (c == '\r') {
      carriageReturn = true;
      return;
    }
    if (carriageReturn) {
      carriageReturn = false;
      line.setLength(0);
    }
    if (line.length() >= maxLineChars
        && !(Character.isLowSurrogate(c) && Character.isHighSurrogate(line.charAt(line.length() - 1)))) {
      sink.line(line.append(CONTINUED).toString());
      line.setLength(0);
    }
    line.append(c);
  }

  private void emit() {
    sink.line(line.toString());
    line.setLength(0);
  }

  @FunctionalInterface
  public interface LineSink {
    void line(String text);
  }
}
