package dev.slipway.docker;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the browser types, as the shell's stdin: docker-java copies it to the engine on a thread of its own. Each chunk
 * says when the shell has read it ({@code consumed}), which is when the web side may send more, so a paste can never
 * pile up here: at most {@link #MAX_BYTES} wait, more is refused.
 */
final class ConsoleInput extends InputStream {
  /** More than the web side sends before it waits for answers (64 KiB, plus one message of at most 256 KiB). */
  static final int MAX_BYTES = 1024 * 1024;

  private record Chunk(byte[] bytes, Runnable consumed) {
  }

  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private int offset;
  private int queued;
  private boolean closed;

  /** False when closed or full; otherwise {@code consumed} runs once the shell has read every byte of it. */
  boolean offer(byte[] bytes, Runnable consumed) {
    synchronized (this) {
      if (closed || queued + bytes.length > MAX_BYTES) {
        return false;
      }
      chunks.add(new Chunk(bytes, consumed));
      queued += bytes.length;
      notifyAll();
    }
    return true;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int off, int len) {
    Runnable done = null;
    int n;
    synchronized (this) {
      while (chunks.isEmpty() && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }
      if (chunks.isEmpty()) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      Chunk chunk = chunks.peek();
      n = Math.min(len, chunk.bytes().length - offset);
      System.arraycopy(chunk.bytes(), offset, into, off, n);
      offset += n;
      queued -= n;
      if (offset == chunk.bytes().length) {
        chunks.poll();
        offset = 0;
        done = chunk.consumed();
      }
    }
    if (done != null) {
      done.run();
    }
    return n;
  }

  synchronized boolean closed() {
    return closed;
  }

  /** End of input: the reader sees the end, and whoever waits for unread chunks is answered. */
  @Override
  public void close() {
    List<Runnable> waiting = new ArrayList<>();
    synchronized (this) {
      closed = true;
      chunks.forEach(c -> waiting.add(c.consumed()));
      chunks.clear();
      queued = 0;
      notifyAll();
    }
    waiting.forEach(Runnable::run);
  }
}
