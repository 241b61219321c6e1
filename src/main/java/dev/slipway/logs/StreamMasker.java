package dev.slipway.logs;

/**
 * Masks the lines of one output stream (a job's stdout, or its stderr) as {@link LineAssembler} emits them, including
 * a secret that a line cut splits between two pieces (a piece that ends with {@link LineAssembler#CONTINUED} goes on
 * in the next line of the same stream).
 *
 * <p>A piece is masked and handed on at once; it is not held back until the next one arrives. So when the end of a
 * cut piece could be the start of a secret (of its shown, verbatim or base64 form), that end is masked right away,
 * and the next piece is masked as if the two were one line: the rest of the secret at its start is masked too.
 * The trade-off: when the next piece does not finish the secret, a few chars at the end of the cut piece (at most a
 * secret's length, usually one or two) were masked for nothing. Cuts only happen in lines of 256 K characters, and
 * showing part of a secret would be worse.
 *
 * <p>One per stream, fed every line of it in order; not thread-safe (the jobs verticle's event loop owns it).
 */
public final class StreamMasker {
  private static final int MAX_CARRY = 4096;

  private final SecretMasker masker;
  /** The end of the previous piece, when it was cut where a secret may go on. */
  private String carry = "";

  StreamMasker(SecretMasker masker) {
    this.masker = masker;
  }

  /** The line, masked; call it with every line of the stream, in order. */
  public String mask(String line) {
    if (line == null || masker.masksNothing()) {
      return line;
    }
    boolean cut = line.endsWith(LineAssembler.CONTINUED);
    String piece = cut ? line.substring(0, line.length() - LineAssembler.CONTINUED.length()) : line;
    String text = carry.isEmpty() ? piece : carry + piece;
    int from = carry.length();
    SecretMasker.Scan scan = masker.scan(text, cut);
    carry = "";
    if (cut) {
      scan.spans().add(scan.openTail(), text.length());
      carry = carryOver(text.substring(scan.openTail()));
    }
    String masked = scan.spans().apply(text, from, text.length());
    return cut ? masked + LineAssembler.CONTINUED : masked;
  }

  /** How many chars of the previous piece are held for the next one (bounded, whatever the input). */
  int carried() {
    return carry.length();
  }

  /**
   * The open end of a cut piece, to be read again with the next piece. A secret's start padded out with hidden
   * characters could make it grow piece after piece: past a bound, only its visible chars are kept, which is all
   * that the next piece's match on screen needs.
   */
  private static String carryOver(String openEnd) {
    return openEnd.length() <= MAX_CARRY ? openEnd : VisibleText.strip(openEnd);
  }
}
