package dev.slipway.web;

import dev.slipway.domain.JobKind;
import dev.slipway.domain.ShownRequests;
import dev.slipway.bus.Bus;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What Re-run submits again for a job: its parameters as the job's JSON shows them ({@code build}, {@code run}),
 * turned back into a submission body. A secret's value is never stored, so a job with secrets (or with a value
 * masked anywhere in its parameters) goes through Edit &amp; retry instead; a build from an uploaded archive cannot
 * run again at all, since the archive is gone once it was built.
 *
 * @param address the event-bus address to submit to, null when the job cannot run again
 * @param body the submission, null when the job cannot run again
 * @param refusal why the job cannot run again, or null
 * @param needsEdit the body lacks values only a person can give again (secret values)
 */
public record Resubmission(String address, JsonObject body, String refusal, boolean needsEdit) {
  public static final String UPLOAD_GONE = "Built from an uploaded archive, which Slipway does not keep: "
      + "upload it again to build it again.";
  /** Shown in a job's parameters, taken by no submission: who asked, the server's PIDs limit, where a build came from. */

  public static Resubmission of(JsonObject job) {
    JsonObject build = job.getJsonObject("build");
    JsonObject run = job.getJsonObject("run");
    if (build != null && build.getBoolean("upload", false)) {
      return refused(UPLOAD_GONE);
    }
    JobKind kind = kindOf(job);
    boolean complete = kind != null && switch (kind) {
      case BUILD -> build != null;
      case RUN -> run != null;
      case LAUNCH -> build != null && run != null;
    };
    if (!complete) {
      return refused("The parameters of this job are not known, so it cannot run again.");
    }
    JsonObject runBody = run == null ? null : ShownRequests.asBody(run);
    JsonObject body = switch (kind) {
      case BUILD -> ShownRequests.asBody(build);
      case RUN -> runBody;
      case LAUNCH -> {
        runBody.remove("image"); // a launch runs the image it builds
        yield ShownRequests.asBody(build).put("run", runBody);
      }
    };
    String address = switch (kind) {
      case BUILD -> Bus.SUBMIT_BUILD;
      case RUN -> Bus.SUBMIT_RUN;
      case LAUNCH -> Bus.SUBMIT_LAUNCH;
    };
    boolean secrets = run != null && !run.getJsonObject("secretEnv", new JsonObject()).isEmpty();
    return new Resubmission(address, body, null, secrets || masked(body));
  }

  private static JobKind kindOf(JsonObject job) {
    try {
      return JobKind.parse(job.getString("kind", ""));
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /** The job can be submitted again: it has ended and nothing keeps it from running again. */
  public boolean possible() {
    return refusal == null;
  }

  private static Resubmission refused(String why) {
    return new Resubmission(null, null, why, false);
  }

  /** A secret's value shows as the mask wherever it was, even inside another value: that value cannot be sent. */
  static boolean masked(Object value) {
    if (value instanceof String s) {
      return s.contains(SecretMasker.MASK);
    }
    if (value instanceof JsonObject o) {
      return o.stream().anyMatch(e -> masked(e.getValue()));
    }
    return value instanceof JsonArray a && a.stream().anyMatch(Resubmission::masked);
  }
}
