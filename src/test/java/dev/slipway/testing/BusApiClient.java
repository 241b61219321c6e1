package dev.slipway.testing;

import dev.slipway.Config;
import dev.slipway.bus.Bus;
import dev.slipway.cluster.ClusterSetup;
import dev.slipway.cluster.SealedSecrets;
import dev.slipway.cluster.SecretSeal;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Another team's program on the cluster: a plain Vert.x process (no Slipway role) that joins the cluster, and whose
 * verticle uses Slipway's documented event-bus API: submit a run (its secret sealed with the cluster secret), hear its
 * state, read its stored log. Prints {@code RESULT {json}} and exits.
 * Arguments: cluster members, this process's cluster port, the cluster secret, the image.
 */
public final class BusApiClient extends VerticleBase {
  private final String image;
  private final SecretSeal seal;
  private final Promise<JsonObject> result = Promise.promise();

  private BusApiClient(String image, SecretSeal seal) {
    this.image = image;
    this.seal = seal;
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject().put(Config.CLUSTER_MEMBERS, args[0]).put(Config.CLUSTER_HOST, "127.0.0.1")
        .put(Config.CLUSTER_PORT, Integer.parseInt(args[1]));
    Vertx vertx = ClusterSetup.join(config, new VertxOptions()).await(60, TimeUnit.SECONDS);
    BusApiClient client = new BusApiClient(args[3], new SecretSeal(args[2]));
    vertx.deployVerticle(client).await(60, TimeUnit.SECONDS);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      out.println("RESULT " + client.result.future().await(120, TimeUnit.SECONDS).encode());
    } catch (Exception e) {
      out.println("FAILED " + e);
      System.exit(1);
    }
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  @Override
  public Future<?> start() {
    DeliveryOptions asAdmin = new DeliveryOptions().addHeader(Bus.USER_HEADER, "admin").setSendTimeout(60_000);
    JsonObject run = new JsonObject().put("image", image)
        .put("command", new JsonArray().add("sh").add("-c").add("echo \"token is $TOKEN\"; echo done"))
        .put("secretEnv", new JsonObject().put("TOKEN", "bus-api-secret-value"));
    SealedSecrets.seal(run, dev.slipway.domain.JobKind.RUN, seal);
    vertx.eventBus().<JsonObject>request(Bus.SUBMIT_RUN, run, asAdmin).onSuccess(reply -> {
      String id = reply.body().getString("id");
      vertx.eventBus().<JsonObject>consumer(Bus.jobState(id), state -> ended(state, id, asAdmin));
      // A state published before the subscription took hold is read once from the job itself.
      vertx.eventBus().<JsonObject>request(Bus.GET, new JsonObject().put("id", id), asAdmin)
          .onSuccess(job -> ended(job, id, asAdmin));
    }).onFailure(result::tryFail);
    return Future.succeededFuture();
  }

  private void ended(Message<JsonObject> state, String id, DeliveryOptions asAdmin) {
    String now = state.body().getString("state");
    if (!"queued".equals(now) && !"running".equals(now)) {
      vertx.eventBus().<JsonObject>request(Bus.LOG, new JsonObject().put("id", id).put("after", 0), asAdmin)
          .onSuccess(log -> result.tryComplete(new JsonObject().put("id", id).put("state", now)
              .put("node", state.body().getString("node")).put("lines", log.body().getJsonArray("lines"))))
          .onFailure(result::tryFail);
    }
  }
}
