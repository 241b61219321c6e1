package dev.slipway.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A batch of output is handed over as is in one process, and crosses a cluster's wire unchanged. */
class OutputBatchTest {
  private static final OutputBatch BATCH = new OutputBatch("job-1", "run", List.of(
      new OutputBatch.Line("stdout", "héllo\tworld ✓", "2026-11-29T06:00:00.000000001Z"),
      new OutputBatch.Line("stderr", "", null)));

  @Test
  void inOneProcessTheSameBatchArrives() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      OutputBatch.registerCodec(vertx.eventBus());
      OutputBatch.registerCodec(vertx.eventBus());
      vertx.eventBus().<OutputBatch>consumer("test.batches", m -> m.reply(m.body() == BATCH ? "same" : "copied"))
          .completion().await(10, TimeUnit.SECONDS);
      assertThat(vertx.eventBus().request("test.batches", BATCH).await(10, TimeUnit.SECONDS).body())
          .isEqualTo("same");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void onTheWireItKeepsEveryField() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      OutputBatch.registerCodec(vertx.eventBus());
      java.lang.reflect.Method lookup = OutputBatch.class.getDeclaredMethod("registerCodec",
          io.vertx.core.eventbus.EventBus.class);
      assertThat(lookup).isNotNull();
      Class<?> codecClass = Class.forName("dev.slipway.bus.OutputBatch$Codec");
      java.lang.reflect.Constructor<?> constructor = codecClass.getDeclaredConstructor();
      constructor.setAccessible(true);
      MessageCodec<OutputBatch, OutputBatch> codec = (MessageCodec<OutputBatch, OutputBatch>) constructor.newInstance();
      Buffer wire = Buffer.buffer().appendString("prefix");
      codec.encodeToWire(wire, BATCH);
      assertThat(codec.decodeFromWire(6, wire)).isEqualTo(BATCH);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
