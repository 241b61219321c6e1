package dev.slipway.logs;

import java.util.regex.Matcher;

/**
 * What a reader sees of a text: terminal escape sequences (those {@link Ansi} strips), control characters other than
 * tab, and characters that take no room on screen left out. Each visible char remembers its index in the original,
 * so a secret found in the visible text can be masked over the whole original span, escape codes inside it included.
 *
 * <p>Hidden: C0 controls but tab, DEL, C1 controls, format characters (category Cf: soft hyphen, zero-width space,
 * joiners, word joiner, byte order mark, bidi marks, tag characters…), variation selectors, the combining grapheme
 * joiner and the Hangul fillers. Hiding a character that some screen shows costs at most a little over-masking.
 */
final class VisibleText {
  private static final char ESC = '\u001B';
  /** Real escape sequences are a few dozen chars: one that runs farther into the end of a cut piece is not one. */
  static final int MAX_PENDING_ESCAPE = 1024;

  /** The visible chars, in order. */
  final String text;
  /** Index in the original of each visible char; null when nothing is hidden (then they are the same). */
  private final int[] origin;
  /**
   * How many visible chars come before the first escape sequence that runs into the end of the text (all of them
   * when none). When a cut ends the text, the sequence may go on in the next piece: what it seems to show here
   * (the {@code 0} of a cut {@code \e[0m}) is not shown once it is whole, and must not hide a secret's start.
   */
  final int visibleBeforePending;

  private VisibleText(String text, int[] origin, int visibleBeforePending) {
    this.text = text;
    this.origin = origin;
    this.visibleBeforePending = visibleBeforePending;
  }

  /** The text as a terminal or the dashboard shows it: escape sequences interpreted, so they hide what they hold. */
  static VisibleText of(String original) {
    return of(original, true);
  }

  /**
   * {@code interpretEscapes} false: the text as an editor shows it, where an escape sequence is one hidden control
   * char (ESC) and the printable rest; {@code ESC 3} hides the {@code 3} on screen, not in a downloaded log.
   */
  static VisibleText of(String original, boolean interpretEscapes) {
    if (!hidesAnything(original)) {
      return new VisibleText(original, null, original.length());
    }
    int length = original.length();
    StringBuilder visible = new StringBuilder(length);
    int[] origin = new int[length];
    int visibleBeforePending = -1;
    Matcher escape = null;
    int i = 0;
    while (i < length) {
      char c = original.charAt(i);
      if (c == ESC && interpretEscapes) {
        escape = escape == null ? Ansi.matcher(original) : escape;
        escape.region(i, length);
        boolean found = escape.lookingAt();
        if (visibleBeforePending < 0 && escape.hitEnd() && length - i <= MAX_PENDING_ESCAPE) {
          visibleBeforePending = visible.length();
        }
        i = found ? escape.end() : i + 1;
        continue;
      }
      int codePoint = original.codePointAt(i);
      int width = Character.charCount(codePoint);
      if (!hidden(codePoint)) {
        for (int k = 0; k < width; k++) {
          origin[visible.length()] = i + k;
          visible.append(original.charAt(i + k));
        }
      }
      i += width;
    }
    String text = visible.toString();
    return new VisibleText(text, origin, visibleBeforePending < 0 ? text.length() : visibleBeforePending);
  }

  /** The visible chars of a text (for a secret: the form it takes on screen). */
  static String strip(String text) {
    return of(text).text;
  }

  /** How many characters (code points) of the text are visible. */
  static int visibleLength(String text) {
    String visible = strip(text);
    return visible.codePointCount(0, visible.length());
  }

  boolean sameAsOriginal() {
    return origin == null;
  }

  /** Index in the original of the visible char at {@code visibleIndex}. */
  int originOf(int visibleIndex) {
    return origin == null ? visibleIndex : origin[visibleIndex];
  }

  private static boolean hidesAnything(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7F && hidden(text.codePointAt(i))) {
        if (c != '\t') {
          return true;
        }
      }
    }
    return false;
  }

  static boolean hidden(int codePoint) {
    if (codePoint < 0x20) {
      return codePoint != '\t';
    }
    if (codePoint < 0x7F) {
      return false;
    }
    return codePoint <= 0x9F
        || Character.getType(codePoint) == Character.FORMAT
        || codePoint >= 0xFE00 && codePoint <= 0xFE0F
        || codePoint >= 0xE0100 && codePoint <= 0xE01EF
        || codePoint == 0x034F
        || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0;
  }
}
