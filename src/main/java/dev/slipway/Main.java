package dev.slipway;

import dev.slipway.auth.AdminBootstrap;
import dev.slipway.cluster.ClusterSetup;
import dev.slipway.cluster.NodeVerticle;
import dev.slipway.domain.NodeRole;
import dev.slipway.docker.DockerWorkerVerticle;
import dev.slipway.jobs.JobsVerticle;
import dev.slipway.metrics.Metrics;
import dev.slipway.store.Database;
import dev.slipway.store.InstanceId;
import dev.slipway.web.HttpVerticle;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Slipway: {@code java -jar slipway.jar [config.json]}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private static final int STOP_SECONDS = 10;

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject file = args.length > 0 ? new JsonObject(Files.readString(Path.of(args[0]))) : new JsonObject();
    JsonObject config;
    Vertx vertx;
    try {
      config = Config.resolve(System.getenv(), file);
      ClusterSetup.check(config);
      VertxOptions options = Metrics.configure(new VertxOptions(), config);
      vertx = Config.clustered(config) ? ClusterSetup.join(config, options).await() : Vertx.vertx(options);
    } catch (RuntimeException e) {
      // A setting that cannot work, or a cluster that cannot be joined: say which, and stop.
      LOG.error("Slipway did not start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx), "slipway-shutdown"));
    deploy(vertx, config)
        .onSuccess(v -> {
          if (NodeRole.parseAll(config.getString(Config.ROLES)).contains(NodeRole.WEB)) {
            LOG.info("Slipway listens on {}://{}:{}/", config.getString(Config.TLS_CERT, "").isBlank() ? "http"
                : "https", config.getString(Config.BIND_ADDRESS), config.getInteger(Config.HTTP_PORT));
          }
          LOG.info("Slipway node {} started ({}{})", config.getString(Config.NODE_NAME),
              config.getString(Config.ROLES), Config.clustered(config) ? ", in a cluster" : "");
        })
        .onFailure(e -> {
          LOG.error("Slipway did not start: {}", e.getMessage(), e);
          vertx.close().onComplete(x -> System.exit(1));
        });
  }

  /**
   * On SIGTERM: undeploys everything within {@value #STOP_SECONDS} s. Running containers keep running (the worker
   * detaches from them; the next start takes them up again), pending log writes and job rows are finished, event
   * streams are closed and the database is closed cleanly.
   */
  private static void stop(Vertx vertx) {
    LOG.info("Slipway stops; running containers keep running");
    try {
      vertx.close().await(STOP_SECONDS, TimeUnit.SECONDS);
      LOG.info("Slipway stopped");
    } catch (Exception e) {
      LOG.warn("Slipway did not stop cleanly within {} s: {}", STOP_SECONDS, e.toString());
    }
  }

  /**
   * Brings the database's schema up to date and makes sure an admin exists, then deploys what the node's roles ask
   * for: a worker node the jobs verticle (the owner of the jobs that run on it) and the Docker worker, a web node the
   * HTTP verticle, in that order.
   */
  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    Set<NodeRole> roles = NodeRole.parseAll(config.getString(Config.ROLES, "web,worker"));
    Metrics.install(vertx, config);
    return InstanceId.ensure(vertx, config)
        .compose(id -> {
          config.put(Config.INSTANCE_ID, id);
          return Database.migrate(vertx, config);
        })
        .compose(v -> {
          Pool db = Database.pool(vertx, config, 1, "sql-start-up");
          return AdminBootstrap.ensureAdmin(vertx, db, config.getString(Config.ADMIN_PASSWORD))
              .eventually(db::close);
        })
        .compose(v -> !roles.contains(NodeRole.WORKER) ? Future.succeededFuture()
            : vertx.deployVerticle(JobsVerticle.class, new DeploymentOptions().setConfig(config))
            .compose(id -> vertx.deployVerticle(DockerWorkerVerticle.class,
                new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))))
        .compose(id -> vertx.deployVerticle(NodeVerticle.class, new DeploymentOptions().setConfig(config)))
        .compose(id -> !roles.contains(NodeRole.WEB) ? Future.succeededFuture()
            : vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions().setConfig(config)))
        .mapEmpty();
  }
}
