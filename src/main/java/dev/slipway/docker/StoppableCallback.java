package dev.slipway.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.Closeable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream callback that can be stopped at any time from any thread, even before the engine's first answer: docker-java
 * hands over the stream's {@link Closeable} only then, and would otherwise forget an earlier close. Closing also
 * closes docker-java's own template, so {@code awaitCompletion()} returns.
 */
abstract class StoppableCallback<T> extends ResultCallback.Adapter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(StoppableCallback.class);
  private Closeable stream;
  private boolean stopped;

  @Override
  public synchronized void onStart(Closeable stream) {
    if (stopped) {
      closeQuietly(stream);
      return;
    }
    this.stream = stream;
    super.onStart(stream);
  }

  /** Closing is stopping, whoever asks for it. */
  @Override
  public void close() {
    stop();
    try {
      super.close();
    } catch (IOException e) {
      LOG.debug("closing a callback: {}", e.toString());
    }
  }

  synchronized void stop() {
    stopped = true;
    if (stream != null) {
      closeQuietly(stream);
    }
  }

  synchronized boolean stopped() {
    return stopped;
  }

  private static void closeQuietly(Closeable stream) {
    try {
      stream.close();
    } catch (IOException e) {
      LOG.debug("closing a stream: {}", e.toString());
    }
  }
}
