package dev.slipway.store;

import dev.slipway.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This Slipway's identity on its Docker engine, kept in {@code dataDir/instance-id}: containers carry it as a label,
 * so a restart finds its own containers and never claims another Slipway's.
 */
public final class InstanceId {
  private InstanceId() {
  }

  public static Future<String> ensure(Vertx vertx, JsonObject config) {
    Path dir = Path.of(config.getString(Config.DATA_DIR, "data")).toAbsolutePath();
    String file = dir.resolve("instance-id").toString();
    return vertx.fileSystem().mkdirs(dir.toString())
        .compose(v -> vertx.fileSystem().exists(file))
        .compose(exists -> exists ? vertx.fileSystem().readFile(file).map(b -> b.toString().trim())
            : write(vertx, file));
  }

  private static Future<String> write(Vertx vertx, String file) {
    String id = UUID.randomUUID().toString();
    return vertx.fileSystem().writeFile(file, Buffer.buffer(id)).map(id);
  }
}
