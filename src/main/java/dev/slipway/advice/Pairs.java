package dev.slipway.advice;

import java.util.ArrayList;
import java.util.List;

/** The {@code NAME=value} pairs of ENV, LABEL and ARG, read as the builder reads them. */
public final class Pairs {
  /** A name and its value; an ARG without a default has a null value. */
  public record Pair(String name, Words.Word value) {
  }

  private Pairs() {
  }

  /**
   * ENV and LABEL take {@code NAME=value …} or the older {@code NAME value} (one pair, the value the rest of the line);
   * ARG takes {@code NAME[=default] …}. Names and values lose their quotes.
   */
  public static List<Pair> of(Instruction instruction) {
    char escape = instruction.escape();
    List<String> raw = Words.raw(instruction.args(), escape);
    List<Pair> pairs = new ArrayList<>();
    if (raw.isEmpty()) {
      return pairs;
    }
    if (!instruction.is("ARG") && !raw.get(0).contains("=")) {
      String[] split = instruction.args().split("\\s+", 2);
      pairs.add(new Pair(Words.unquote(split[0], escape).value(),
          split.length > 1 ? Words.unquote(split[1], escape) : new Words.Word("", false, true)));
      return pairs;
    }
    for (String word : raw) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        pairs.add(new Pair(Words.unquote(word, escape).value(), null));
      } else {
        pairs.add(new Pair(Words.unquote(word.substring(0, eq), escape).value(),
            Words.unquote(word.substring(eq + 1), escape)));
      }
    }
    return pairs;
  }
}
