package dev.slipway.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Terminal escape sequences, which the browser view drops and the raw log keeps. */
public final class Ansi {
  private static final Pattern ESCAPES = Pattern.compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|[ -/]*[0-~])");

  private Ansi() {
  }

  public static String strip(String text) {
    return text.indexOf('\u001B') < 0 ? text : ESCAPES.matcher(text).replaceAll("");
  }

  /** Recognises the same sequences as {@link #strip}, for masking what a reader of the stripped text sees. */
  static Matcher matcher(CharSequence text) {
    return ESCAPES.matcher(text);
  }
}
