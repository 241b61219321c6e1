package dev.slipway.logs;

import java.util.Arrays;

/**
 * The parts of a text to mask, as [start, end) ranges that may overlap; overlapping ranges become one mask,
 * ranges that only touch stay apart ({@code hunter2hunter2} shows as two masks, as it is two secrets).
 */
final class MaskSpans {
  private long[] spans = new long[0];
  private int size;

  void add(int start, int end) {
    if (start >= end) {
      return;
    }
    if (size == spans.length) {
      spans = Arrays.copyOf(spans, Math.max(8, size * 2));
    }
    spans[size++] = (long) start << 32 | end;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** {@code text[from, to)} with every range, cut to that window, replaced by {@link SecretMasker#MASK}. */
  String apply(String text, int from, int to) {
    if (size == 0) {
      return from == 0 && to == text.length() ? text : text.substring(from, to);
    }
    Arrays.sort(spans, 0, size);
    StringBuilder out = new StringBuilder(to - from);
    int cursor = from;
    int k = 0;
    while (k < size) {
      int start = (int) (spans[k] >>> 32);
      int end = (int) spans[k];
      for (k++; k < size && (int) (spans[k] >>> 32) < end; k++) {
        end = Math.max(end, (int) spans[k]);
      }
      start = Math.max(start, cursor);
      end = Math.min(end, to);
      if (start < end) {
        out.append(text, cursor, start).append(SecretMasker.MASK);
        cursor = end;
      }
    }
    return out.append(text, cursor, to).toString();
  }
}
