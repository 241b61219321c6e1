package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;

/**
 * Two clients on one engine. {@code control} bounds every call with a response timeout; {@code streams} has none,
 * because builds and log follows may stay silent for long: each stream is bounded by its own timer or cancel instead.
 */
record DockerClients(DockerClient control, DockerClient streams, String host) implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  static DockerClients connect(String dockerHost, Duration callTimeout) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost)
        .build();
    return new DockerClients(client(config, callTimeout, 64), client(config, null, 4096), dockerHost);
  }

  /** Every running container holds two streams (its output and its exit), hence the large pool for streams. */
  private static DockerClient client(DockerClientConfig config, Duration responseTimeout, int maxConnections) {
    ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(maxConnections)
        .connectionTimeout(CONNECT_TIMEOUT);
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, http.build());
  }

  @Override
  public void close() throws IOException {
    control.close();
    streams.close();
  }
}
