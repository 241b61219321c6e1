package dev.slipway.store;

/**
 * A line's text as PostgreSQL keeps it: its {@code text} cannot hold NUL (U+0000), which container output can, so a
 * backslash escapes NUL as {@code \0} and itself as {@code \\}. Text with neither (nearly all) is kept as it is.
 */
final class PgLogText {
  private PgLogText() {
  }

  static String escape(String text) {
    if (text.indexOf('\\') < 0 && text.indexOf('\0') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\0' -> out.append("\\0");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String unescape(String stored) {
    if (stored.indexOf('\\') < 0) {
      return stored;
    }
    StringBuilder out = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == '\\' && i + 1 < stored.length()) {
        char next = stored.charAt(++i);
        out.append(next == '0' ? '\0' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
