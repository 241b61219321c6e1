package dev.slipway.jobs;

import dev.slipway.Config;
import dev.slipway.apps.AppCatalog;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The jobs owner's settings, read once from the configuration. */
record JobsSetup(AppCatalog apps, Path uploads, Path contexts, Path logs, String node, int maxRunningPerUser,
                 int buildConcurrency, int retentionDays, int retentionJobs, RunLimits runLimits) {

  static JobsSetup from(JsonObject config) {
    Path data = Path.of(config.getString(Config.DATA_DIR, "data")).toAbsolutePath().normalize();
    return new JobsSetup(new AppCatalog(Path.of(config.getString(Config.APPS_DIR, "docker/examples"))),
        Config.uploadsDir(config), data.resolve("contexts"), data.resolve("logs"),
        config.getString(Config.NODE_NAME, "local"), config.getInteger(Config.MAX_RUNNING_PER_USER, 10),
        config.getInteger(Config.BUILD_CONCURRENCY, 2), config.getInteger(Config.RETENTION_DAYS, 30),
        config.getInteger(Config.RETENTION_JOBS, 5000), RunLimits.from(config));
  }

  /** Where an accepted upload waits for its build: the job owns it and deletes it when the build ends. */
  Path contextFile(String jobId) {
    return contexts.resolve(jobId + ".tar");
  }
}
