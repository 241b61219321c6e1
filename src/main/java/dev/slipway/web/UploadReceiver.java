package dev.slipway.web;

import dev.slipway.domain.BadRequest;
import dev.slipway.uploads.ContextArchive;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;

/**
 * Streams a raw request body (a build context) to a temporary file, at most {@code limit} bytes, and checks it.
 * Whatever goes wrong, the file is gone afterwards; on success the caller owns it.
 */
final class UploadReceiver {
  /** How much of a refused body is still read (and thrown away) so that its sender gets to read the 413. */

  private final Vertx vertx;
  private final String directory;
  private final long limit;
  private final ContextArchive.Limits contextLimits;

  UploadReceiver(Vertx vertx, String directory, long limit, ContextArchive.Limits contextLimits) {
    this.vertx = vertx;
    this.directory = directory;
    this.limit = limit;
    this.contextLimits = contextLimits;
  }

  /** Checks a received build context off the event loop (it reads the whole archive); refused, it is deleted. */
  Future<String> checked(String file) {
    return vertx.executeBlocking(() -> {
      ContextArchive.validate(Path.of(file), contextLimits);
      return file;
    }, false).recover(e -> vertx.fileSystem().delete(file).transform(x -> Future.failedFuture(e)));
  }

  Future<String> receive(HttpServerRequest request) {
    request.pause();
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.matches("\\d{1,19}") && Long.parseLong(declared) > limit) {
      return Future.failedFuture(tooLarge(request));
    }
    return vertx.fileSystem().createTempFile(directory, "context-", ".tar", (String) null)
        .compose(path -> vertx.fileSystem().open(path, new OpenOptions().setWrite(true))
            .compose(file -> copy(request, file))
            .map(path)
            .recover(e -> vertx.fileSystem().delete(path).transform(x -> Future.failedFuture(e))));
  }

  private Future<Void> copy(HttpServerRequest request, AsyncFile file) {
    Promise<Void> done = Promise.promise();
    long[] received = {0};
    request.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] > limit) {
        done.tryFail(tooLarge(request));
        return;
      }
      file.write(chunk);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(v -> request.resume());
      }
    });
    request.exceptionHandler(done::tryFail);
    file.exceptionHandler(done::tryFail);
    request.endHandler(v -> done.tryComplete());
    request.resume();
    return done.future().transform(result -> file.close().transform(closed -> result.succeeded()
        ? Future.<Void>succeededFuture() : Future.failedFuture(result.cause())));
  }

  /**
   * Refuses the upload but reads on, discarding, up to {@link RefusedBodies#DISCARD_LIMIT} more bytes: a client that writes its
   * whole body before it reads (as simple scripts do) would otherwise stay blocked on a full socket buffer and never
   * see the 413. A longer body closes the connection instead.
   */
  private BadRequest tooLarge(HttpServerRequest request) {
    RefusedBodies.discard(request);
    return new BadRequest(413, "the upload is larger than the limit of " + limit + " bytes");
  }
}
