package dev.slipway.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;

/**
 * The engine's HTTP transport, timing each call: every call docker-java makes, from any part of the worker, passes
 * here, so none is missed. A streaming call (a build, a log follow, a wait) is timed to its response's head, which is
 * when the engine has accepted it; a call that fails or times out is timed too, up to its failure.
 */
final class TimedEngineHttp implements DockerHttpClient {
  /** Where each call's kind ({@link EngineCallKinds}) and duration go. */
  interface Recorder {
    void record(String kind, long nanos);
  }

  private final DockerHttpClient http;
  private final Recorder recorder;

  TimedEngineHttp(DockerHttpClient http, Recorder recorder) {
    this.http = http;
    this.recorder = recorder;
  }

  @Override
  public Response execute(Request request) {
    long start = System.nanoTime();
    try {
      return http.execute(request);
    } finally {
      recorder.record(EngineCallKinds.of(request.method(), request.path()), System.nanoTime() - start);
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
