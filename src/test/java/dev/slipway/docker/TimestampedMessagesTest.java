package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampedMessagesTest {
  private final List<String> lines = new ArrayList<>();
  private final List<String> times = new ArrayList<>();
  private TimestampedMessages stream;

  private TimestampedMessages stream() {
    stream = new TimestampedMessages(1 << 20, text -> {
      lines.add(text);
      times.add(stream.currentTs());
    });
    return stream;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void timesAreTakenOffEvenWhenFramesCutThroughThem() {
    TimestampedMessages s = stream();
    byte[] all = bytes("2026-11-29T03:45:48.3296Z line 1\n2026-11-29T03:45:48.329601882Z line 2\n");
    for (int i = 0; i < all.length; i += 7) {
      s.feed(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 7)));
    }
    assertThat(lines).containsExactly("line 1", "line 2");
    assertThat(times).containsExactly("2026-11-29T03:45:48.3296Z", "2026-11-29T03:45:48.329601882Z");
  }

  @Test
  void aLongLineComesAsPiecesOfSixteenKilobytesEachWithItsOwnTime() {
    TimestampedMessages s = stream();
    String x = "x".repeat(40_000);
    s.feed(bytes("2026-11-29T03:00:00.1Z " + x.substring(0, 16384) + "2026-11-29T03:00:00.2Z "
        + x.substring(16384, 32768) + "2026-11-29T03:00:00.3Z " + x.substring(32768) + "\n"
        + "2026-11-29T03:00:00.4Z short\n2026-11-29T03:00:00.5Z no newline"));
    s.finish();
    assertThat(lines).containsExactly(x, "short", "no newline");
    assertThat(times).containsExactly("2026-11-29T03:00:00.3Z", "2026-11-29T03:00:00.4Z", "2026-11-29T03:00:00.5Z");
  }

  @Test
  void aResumedStreamSkipsWhatWasStoredAlsoAmongLinesThatShareATime() {
    TimestampedMessages s = stream();
    s.resumeAfter("2026-11-29T03:00:00.2Z", 2);
    s.feed(bytes("2026-11-29T03:00:00.1Z old\n2026-11-29T03:00:00.2Z stored a\n2026-11-29T03:00:00.2Z stored b\n"
        + "2026-11-29T03:00:00.2Z new at the same time\n2026-11-29T03:00:00.3Z new\n"));
    assertThat(lines).containsExactly("new at the same time", "new");
  }

  @Test
  void readingAgainAfterTheExitAddsOnlyWhatTheFollowStreamMissed() {
    TimestampedMessages s = stream();
    s.feed(bytes("2026-11-29T03:00:00.1Z one\n2026-11-29T03:00:00.2Z two\n2026-11-29T03:00:00.2Z three\n"));
    s.rewind();
    s.feed(bytes("2026-11-29T03:00:00.1Z one\n2026-11-29T03:00:00.2Z two\n2026-11-29T03:00:00.2Z three\n"
        + "2026-11-29T03:00:00.3Z last words, missed by the follow stream"));
    s.finish();
    assertThat(lines).containsExactly("one", "two", "three", "last words, missed by the follow stream");
  }

  @Test
  void textWithoutATimeIsKeptAsItCame() {
    TimestampedMessages s = stream();
    s.feed(bytes("no time here\n"));
    assertThat(lines).containsExactly("no time here");
  }

  @Test
  void aResumedStreamSkipsAStoredLongLineWholeThoughItCameAsPiecesWithOneTime() {
    TimestampedMessages s = stream();
    s.resumeAfter("2026-11-29T03:00:00.2Z", 1);
    String x = "x".repeat(20_000);
    s.feed(bytes("2026-11-29T03:00:00.2Z " + x.substring(0, 16384) + "2026-11-29T03:00:00.2Z " + x.substring(16384)
        + "\n2026-11-29T03:00:00.3Z next\n"));
    assertThat(lines).containsExactly("next");
  }
}
