package dev.slipway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of Slipway that can cut every open connection at once, as a flaky network does: the browser
 * sees its event stream break mid-response, which switching Chromium "offline" does not do.
 */
public final class DroppingProxy implements AutoCloseable {
  public final int port;
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();

  private DroppingProxy(Vertx vertx, int targetPort) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      client.connect(targetPort, "127.0.0.1").onSuccess(out -> Pipes.join(in, out, sockets))
          .onFailure(e -> in.close());
    });
    port = SlipwayServer.await(server.listen(0, "127.0.0.1")).actualPort();
  }

  public static DroppingProxy start(Vertx vertx, int targetPort) {
    return new DroppingProxy(vertx, targetPort);
  }

  /** Closes every connection open now, in both directions; new ones are proxied as before. */
  public int dropAll() {
    Set<NetSocket> open = Set.copyOf(sockets);
    open.forEach(NetSocket::close);
    return open.size();
  }

  @Override
  public void close() {
    SlipwayServer.await(server.close());
    SlipwayServer.await(client.close());
  }
}
