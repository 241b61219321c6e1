package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two clients on one engine. {@code control} bounds every call with a response timeout; {@code streams} has none,
 * because builds and log follows may stay silent for long: each stream is bounded by its own timer or cancel instead.
 *
 * <p>After the engine was away, {@link #reconnect()} gives new calls fresh clients: pooled connections to an engine
 * that restarted are dead, and a stream started on one would wait for ever. The old clients are retired, not closed
 * at once (a stream still alive on them, if the engine only seemed away, goes on), and closed with the worker.
 */
final class DockerClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerClients.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Retired pairs kept open at most; an older one is closed (its streams died with an engine long gone). */
  private static final int RETIRED_KEPT = 8;

  private final DockerClientConfig config;
  private final Duration callTimeout;
  private final String host;
  private final TimedEngineHttp.Recorder timer;
  private final Deque<DockerClient> retired = new ArrayDeque<>();
  private volatile DockerClient control;
  private volatile DockerClient streams;

  private DockerClients(DockerClientConfig config, Duration callTimeout, String host, TimedEngineHttp.Recorder timer) {
    this.config = config;
    this.callTimeout = callTimeout;
    this.host = host;
    this.timer = timer;
    this.control = client(config, callTimeout, 64);
    this.streams = client(config, null, 4096);
  }

  /** Clients on {@code dockerHost}; {@code timer} hears how long each of their calls took. */
  static DockerClients connect(String dockerHost, Duration callTimeout, TimedEngineHttp.Recorder timer) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost)
        .build();
    return new DockerClients(config, callTimeout, dockerHost, timer);
  }

  DockerClient control() {
    return control;
  }

  DockerClient streams() {
    return streams;
  }

  String host() {
    return host;
  }

  /** New clients for new calls; the old ones are retired (see the class comment). */
  synchronized void reconnect() {
    retired.addLast(control);
    retired.addLast(streams);
    control = client(config, callTimeout, 64);
    streams = client(config, null, 4096);
    while (retired.size() > 2 * RETIRED_KEPT) {
      closeQuietly(retired.removeFirst());
    }
  }

  /** Every running container holds two streams (its output and its exit), hence the large pool for streams. */
  private DockerClient client(DockerClientConfig config, Duration responseTimeout, int maxConnections) {
    ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(maxConnections)
        .connectionTimeout(CONNECT_TIMEOUT);
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, new TimedEngineHttp(http.build(), timer));
  }

  @Override
  public synchronized void close() throws IOException {
    retired.forEach(DockerClients::closeQuietly);
    retired.clear();
    control.close();
    streams.close();
  }

  private static void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing a retired Docker client: {}", e.toString());
    }
  }
}
