package dev.slipway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The containers the scenarios run through Slipway: run bodies for {@code POST /api/runs}. */
final class Generators {
  /** Made by the benchmark in the container: a paced generator waits for it, so every client is there first. */
  static final String GO_FILE = "/tmp/go";

  /**
   * RATE lines a second for SECONDS seconds, "PREFIX N" with N from 1, once GO_FILE exists. The base image's perl
   * has no Time::HiRes, so it paces with short select() sleeps and a quota per wall-clock second (the average rate
   * is exact, the spacing within a second only roughly even). Under 1,000 lines a second each line is its own write;
   * above, lines go out in small batches (one write per millisecond's worth), as a busy program's would.
   */
  private static final String PACED = String.join("\n",
      "use strict; use warnings;",
      "my ($rate, $secs, $prefix, $go) = @ARGV;",
      "$| = 1;",
      "select(undef, undef, undef, 0.02) until -e $go;",
      "my $t0 = time; select(undef, undef, undef, 0.001) while time == $t0;",
      "my $batch = $rate >= 1000 ? int($rate / 1000) : 1;",
      "my $gap = 0.85 * $batch / $rate;",
      "my $total = $rate * $secs;",
      "my ($n, $start) = (0, time);",
      "while ($n < $total) {",
      "  my $out = '';",
      "  for (1 .. $batch) { last if $n >= $total; $n++; $out .= \"$prefix $n\\n\"; }",
      "  print $out;",
      "  my $allowed = $rate * (time - $start + 1);",
      "  if ($n >= $allowed) { my $now = time; select(undef, undef, undef, 0.001) while time == $now; }",
      "  elsif ($n > $allowed - $rate) { select(undef, undef, undef, $gap); }",
      "}");

  private Generators() {
  }

  static JsonObject paced(int rate, int seconds, String prefix) {
    return run(Engine.DEBIAN, "perl", "-e", PACED, Integer.toString(rate), Integer.toString(seconds), prefix, GO_FILE);
  }

  /** {@code lines} lines of 55 bytes ("replay 0000001 the quick brown fox …"), as fast as awk writes them. */
  static JsonObject lines(int lines) {
    return run(Engine.BUSYBOX, "awk", "BEGIN { for (i = 1; i <= " + lines
        + "; i++) printf \"replay %07d the quick brown fox jumps over the lazy\\n\", i }");
  }

  /** {@code yes} for {@code seconds}: as fast as the container can print, nobody pacing it. */
  static JsonObject flood(int seconds) {
    return run(Engine.BUSYBOX, "sh", "-c", "timeout " + seconds
        + " yes 'flood: the quick brown fox jumps over the lazy dog'; exit 0");
  }

  /** A quiet container: its job stays running and its stream idle. */
  static JsonObject sleeper() {
    return run(Engine.BUSYBOX, "sleep", "3600");
  }

  private static JsonObject run(String image, String... command) {
    return new JsonObject().put("image", image).put("command", new JsonArray(java.util.List.of((Object[]) command)));
  }
}
