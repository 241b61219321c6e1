package dev.slipway.advice;

import java.util.ArrayList;
import java.util.List;

/**
 * Words of an instruction's arguments as the Docker builder reads them (FROM, ARG, ENV, LABEL, EXPOSE, USER…): split
 * at whitespace outside quotes; then each word without its quotes, with the escape character applied. Variables are
 * never expanded: a word that uses one says so, and a check that needs its value leaves it alone.
 */
public final class Words {
  /**
   * One word: its value, whether it uses a variable ({@code $NAME}, {@code ${NAME}}) and whether its quotes were
   * closed.
   */
  public record Word(String value, boolean variable, boolean complete) {
  }

  private Words() {
  }

  /** Splits at unquoted whitespace; quotes and escapes stay in the words (so {@code NAME="a b"} stays one word). */
  public static List<String> raw(String text, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      word.append(c);
      if (c == escape && quote != '\'' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * A raw word's value: single quotes keep everything literally; inside double quotes the escape character escapes
   * only {@code "}, {@code $} and itself (as the builder does); outside quotes it escapes any character.
   */
  public static Word unquote(String raw, char escape) {
    StringBuilder out = new StringBuilder();
    boolean variable = false;
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '\'') {
        int end = raw.indexOf('\'', i + 1);
        if (end < 0) {
          return new Word(out.append(raw, i + 1, raw.length()).toString(), variable, false);
        }
        out.append(raw, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i++;
        while (i < raw.length() && raw.charAt(i) != '"') {
          char d = raw.charAt(i);
          char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
          if (d == escape && (next == '"' || next == '$' || next == escape)) {
            out.append(next);
            i += 2;
            continue;
          }
          variable |= startsVariable(raw, i);
          out.append(d);
          i++;
        }
        if (i >= raw.length()) {
          return new Word(out.toString(), variable, false);
        }
        i++;
      } else if (c == escape) {
        if (i + 1 < raw.length()) {
          out.append(raw.charAt(i + 1));
        }
        i += 2;
      } else {
        variable |= startsVariable(raw, i);
        out.append(c);
        i++;
      }
    }
    return new Word(out.toString(), variable, true);
  }

  /** Every raw word, unquoted. */
  public static List<Word> of(String text, char escape) {
    return raw(text, escape).stream().map(w -> unquote(w, escape)).toList();
  }

  /** A {@code $} followed by a name or a brace starts a variable; any other {@code $} is just a dollar sign. */
  private static boolean startsVariable(String text, int i) {
    if (text.charAt(i) != '$' || i + 1 >= text.length()) {
      return false;
    }
    char next = text.charAt(i + 1);
    return next == '{' || next == '_' || Character.isLetterOrDigit(next);
  }
}
