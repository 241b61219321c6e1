package dev.slipway.web;

import io.vertx.core.json.JsonObject;
import java.util.stream.Collectors;

/**
 * The reproducibility record of a build or an image, as the pages show it: from a build job's {@code reproducibility}
 * or an image's (from its labels, which do not hold the time: the image's own creation time stands in).
 */
public record RecordView(String contextDigest, String dockerfileDigest, String buildArgs, String baseImage,
                         String baseImageName, String builtBy, String builtAt) {

  /** The record, or null when there is none. */
  static RecordView of(JsonObject record, String builtAt) {
    if (record == null || record.getString("contextDigest") == null) {
      return null;
    }
    JsonObject args = record.getJsonObject("buildArgs");
    String shownArgs = args == null ? "" : args.isEmpty() ? "none" : args.stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    String at = record.getString("builtAt");
    return new RecordView(record.getString("contextDigest"), record.getString("dockerfileDigest"), shownArgs,
        record.getString("baseImage"), record.getString("baseImageName"), record.getString("builtBy"),
        at != null ? Rows.time(at) : builtAt);
  }
}
