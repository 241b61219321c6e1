package dev.slipway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PatternAutomatonTest {

  /** At each end position, the length of the longest pattern ending there: what a search pattern by pattern finds. */
  private static Map<Integer, Integer> naive(List<String> patterns, String text) {
    Map<Integer, Integer> longest = new HashMap<>();
    for (String pattern : patterns) {
      for (int at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
        longest.merge(at + pattern.length(), pattern.length(), Math::max);
      }
    }
    return longest;
  }

  private static String random(Random random, int length, String alphabet) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  @Test
  void findsTheLongestPatternEndingAtEachPositionLikeANaiveSearch() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      List<String> patterns = new ArrayList<>();
      for (int p = random.nextInt(6) + 1; p > 0; p--) {
        patterns.add(random(random, random.nextInt(5) + 1, "abc€"));
      }
      String text = random(random, 200, "abc€d");
      Map<Integer, Integer> found = new HashMap<>();
      new PatternAutomaton(patterns).scan(text, 0, text.length(), PatternAutomaton.ROOT,
          (start, end) -> found.put(end, end - start));

      assertThat(found).as("patterns %s in %s", patterns, text).isEqualTo(naive(patterns, text));
    }
  }

  @Test
  void theStateAtTheEndIsTheLongestEndThatBeginsAPattern() {
    PatternAutomaton automaton = new PatternAutomaton(List.of("hunter2", "huge"));
    assertThat(automaton.depth(automaton.scan("a hunt", 0, 6, PatternAutomaton.ROOT, (s, e) -> { }))).isEqualTo(4);
    assertThat(automaton.depth(automaton.scan("a hug", 0, 5, PatternAutomaton.ROOT, (s, e) -> { }))).isEqualTo(3);
    assertThat(automaton.depth(automaton.scan("a hex", 0, 5, PatternAutomaton.ROOT, (s, e) -> { }))).isZero();
  }

  @Test
  void aScanGoesOnFromAGivenState() {
    PatternAutomaton automaton = new PatternAutomaton(List.of("hunter2"));
    List<Integer> ends = new ArrayList<>();
    int state = automaton.scan("xxhun", 0, 5, PatternAutomaton.ROOT, (s, e) -> ends.add(e));
    automaton.scan("ter2!", 0, 5, state, (s, e) -> ends.add(e));
    assertThat(ends).containsExactly(4);
  }

  @Test
  void noPatternsFindNothing() {
    PatternAutomaton automaton = new PatternAutomaton(List.of());
    assertThat(automaton.isEmpty()).isTrue();
    assertThat(automaton.scan("text", 0, 4, PatternAutomaton.ROOT, (s, e) -> {
      throw new AssertionError("no match expected");
    })).isEqualTo(PatternAutomaton.ROOT);
  }
}
