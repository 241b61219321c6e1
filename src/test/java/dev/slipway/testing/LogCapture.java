package dev.slipway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything Slipway writes to its own log while a test runs, to prove what never appears there. */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Every message with its arguments filled in, and the text of any exception. */
  public List<String> messages() {
    return List.copyOf(appender.list).stream()
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
        .toList();
  }

  /** The messages logged at {@code level} or above, each with its level and logger. */
  public List<String> messagesAtOrAbove(ch.qos.logback.classic.Level level) {
    return List.copyOf(appender.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName()))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
  }
}
