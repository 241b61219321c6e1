package dev.slipway.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.SocketTimeoutException;

/** Turns docker-java's exceptions into a code and a sentence a user can act on. */
final class DockerErrors {
  private DockerErrors() {
  }

  static int code(Throwable e) {
    if (e instanceof BadRequest refused) {
      return refused.code();
    }
    if (e instanceof NotFoundException) {
      return Bus.NOT_FOUND;
    }
    if (e instanceof ConflictException) {
      return Bus.CONFLICT;
    }
    if (e instanceof BadRequestException) {
      return Bus.BAD_REQUEST;
    }
    return e instanceof DockerException ? 500 : Bus.ENGINE_UNREACHABLE;
  }

  static String describe(Throwable e) {
    if (e instanceof DockerException docker) {
      return daemonMessage(docker);
    }
    Throwable cause = rootCause(e);
    if (cause instanceof SocketTimeoutException) {
      return "the Docker engine did not answer in time";
    }
    if (cause instanceof IOException) {
      return "the Docker engine is not reachable: " + cause.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String daemonMessage(DockerException e) {
    String body = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^Status \\d+: ", "").trim();
    try {
      return new JsonObject(body).getString("message", body);
    } catch (DecodeException | ClassCastException notJson) {
      return body;
    }
  }

  /** The innermost message, for where the context is already said (the engine is not reachable). */
  static String cause(Throwable e) {
    Throwable root = rootCause(e);
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
