package dev.slipway.testing;

import io.vertx.core.net.NetSocket;
import java.util.Set;

/** Both directions of a proxied connection, remembered in {@code open} while they last, so a test can drop them. */
final class Pipes {
  private Pipes() {
  }

  static void join(NetSocket in, NetSocket out, Set<NetSocket> open) {
    open.add(in);
    open.add(out);
    in.closeHandler(v -> open.remove(in));
    out.closeHandler(v -> open.remove(out));
    in.pipeTo(out);
    out.pipeTo(in);
  }
}
