package dev.slipway.cluster;

import io.vertx.core.Future;
import java.util.List;

/** Who is in the cluster: every node's last word about itself (the registry in the shared database). */
public interface NodeDirectory {
  /** Every node that ever wrote its row, alive or gone. */
  Future<List<NodeStatus>> all();
}
