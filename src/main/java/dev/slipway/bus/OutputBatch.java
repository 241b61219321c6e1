package dev.slipway.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@link Bus#JOB_OUTPUT}: a batch of a job's raw lines, from the worker to the jobs owner. A typed,
 * immutable message with its own codec: delivered in the same process it is handed over as is (a JSON body would be
 * copied, line by line, at every send), and across a cluster it travels as JSON.
 *
 * @param phase the job's phase the lines belong to (its wire name), so lines of a phase that ended are dropped
 */
public record OutputBatch(String jobId, String phase, List<Line> lines) {
  /** One line as read from the engine: its stream, its text, and the engine's timestamp when it has one. */
  public record Line(String stream, String text, String ts) {
  }

  public OutputBatch {
    lines = List.copyOf(lines);
  }

  /** Registers the codec as the default for this type; a second call on the same Vert.x does nothing. */
  public static void registerCodec(EventBus bus) {
    try {
      bus.registerDefaultCodec(OutputBatch.class, new Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // Every verticle that sends or takes batches registers it; the first one did.
    }
  }

  private static final class Codec implements MessageCodec<OutputBatch, OutputBatch> {
    @Override
    public void encodeToWire(Buffer buffer, OutputBatch batch) {
      JsonArray lines = new JsonArray();
      batch.lines().forEach(l -> lines.add(new JsonArray().add(l.stream()).add(l.text()).add(l.ts())));
      Buffer json = new JsonObject().put("jobId", batch.jobId()).put("phase", batch.phase()).put("lines", lines)
          .toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public OutputBatch decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      JsonObject json = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
      JsonArray array = json.getJsonArray("lines");
      List<Line> lines = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        JsonArray l = array.getJsonArray(i);
        lines.add(new Line(l.getString(0), l.getString(1), l.getString(2)));
      }
      return new OutputBatch(json.getString("jobId"), json.getString("phase"), lines);
    }

    @Override
    public OutputBatch transform(OutputBatch batch) {
      return batch;
    }

    @Override
    public String name() {
      return "slipway.output-batch";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
