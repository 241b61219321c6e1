package dev.slipway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on the loopback in front of the Docker engine's socket, so a test can take the engine away from
 * Slipway (and only from Slipway) and give it back: {@link #cut()} closes every open connection and closes each new
 * one at once, as an engine that went down; {@link #blackhole()} keeps new connections open without an answer, as a
 * hung engine; {@link #restore()} proxies again.
 */
public final class EngineProxy implements AutoCloseable {
  private enum Mode { PASS, CUT, BLACKHOLE }

  public final int port;
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;

  private EngineProxy(Vertx vertx) {
    client = vertx.createNetClient();
    SocketAddress engine = SocketAddress.domainSocketAddress(engineSocket());
    server = vertx.createNetServer().connectHandler(in -> {
      switch (mode) {
        case CUT -> in.close();
        case BLACKHOLE -> {
          sockets.add(in);
          in.handler(ignored -> { });
        }
        case PASS -> {
          in.pause();
          client.connect(engine).onSuccess(out -> Pipes.join(in, out, sockets)).onFailure(e -> in.close());
        }
      }
    });
    port = SlipwayServer.await(server.listen(0, "127.0.0.1")).actualPort();
  }

  public static EngineProxy start(Vertx vertx) {
    return new EngineProxy(vertx);
  }

  /** The {@code dockerHost} that reaches the engine through this proxy. */
  public String dockerHost() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The engine goes away: open connections break, new ones are closed at once. */
  public void cut() {
    mode = Mode.CUT;
    dropAll();
  }

  /** The engine hangs: open connections break, new ones are accepted and never answered. */
  public void blackhole() {
    mode = Mode.BLACKHOLE;
    dropAll();
  }

  public void restore() {
    mode = Mode.PASS;
  }

  /** A network blip: every open connection breaks, the engine itself stays up and new connections pass. */
  public void dropConnections() {
    dropAll();
  }

  private void dropAll() {
    Set.copyOf(sockets).forEach(NetSocket::close);
    sockets.clear();
  }

  @Override
  public void close() {
    dropAll();
    SlipwayServer.await(server.close());
    SlipwayServer.await(client.close());
  }

  private static String engineSocket() {
    String host = System.getenv("DOCKER_HOST");
    return host != null && host.startsWith("unix://") ? host.substring("unix://".length()) : "/var/run/docker.sock";
  }
}
