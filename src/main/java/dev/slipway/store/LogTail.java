package dev.slipway.store;

/**
 * The end of a stored log: how many lines it holds, where its last whole record ends, and the engine timestamp of
 * its last container line with how many lines at its end carry that same timestamp.
 */
public record LogTail(long lines, long endOffset, String lastTs, int linesAtLastTs) {
  public static final LogTail EMPTY = new LogTail(0, 0, null, 0);
}
