package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.bus.OutputBatch;
import dev.slipway.domain.JobPhase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Output waits for the store: a job's reading thread stops when its own window of unanswered batches is full, and
 * the jobs of a worker together never have more than the worker's budget unanswered, however many print at once.
 */
class JobReporterTest {
  private static final int BATCH = 500;
  private final Vertx vertx = Vertx.vertx();
  private final List<Message<OutputBatch>> unanswered = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void jobsTogetherNeverHaveMoreBatchesUnansweredThanTheBudget() throws Exception {
    OutputBatch.registerCodec(vertx.eventBus());
    vertx.eventBus().<OutputBatch>consumer(Bus.onNode("local", Bus.JOB_OUTPUT), unanswered::add).completion().await(10, TimeUnit.SECONDS);
    Semaphore budget = new Semaphore(3);
    AtomicInteger printed = new AtomicInteger();
    List<Thread> readers = List.of(reader("a", budget, printed), reader("b", budget, printed));
    readers.forEach(Thread::start);

    awaitUntil(() -> unanswered.size() == 3);
    Thread.sleep(300);
    assertThat(unanswered).as("unanswered while both jobs print").hasSize(3);
    assertThat(printed.get()).as("lines read while the store answers nothing").isLessThan(6 * BATCH);

    // The store catches up: the readers go on until all their lines are sent.
    while (readers.stream().anyMatch(Thread::isAlive)) {
      unanswered.forEach(m -> {
        unanswered.remove(m);
        m.reply(new JsonObject());
      });
      Thread.sleep(5);
    }
    assertThat(printed.get()).isEqualTo(2 * 10 * BATCH);
    assertThat(budget.availablePermits()).isEqualTo(3);
  }

  /** A job's reading thread: ten full batches of lines, then a drain (as at the end of a job). */
  private Thread reader(String job, Semaphore budget, AtomicInteger printed) {
    JobReporter reporter = new JobReporter(vertx, "local", job, JobPhase.RUN, 1024, budget);
    return new Thread(() -> {
      for (int i = 0; i < 10 * BATCH; i++) {
        reporter.line("stdout", job + " line " + i);
        printed.incrementAndGet();
      }
      reporter.drain();
    }, "reader-" + job);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
