package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The Run form's command, volumes and limits become the run body's options; empty fields leave the defaults. */
class RunFormOptionsTest {
  @Test
  void filledInOptionsBecomeRunFields() {
    JsonObject run = FormInput.run(MultiMap.caseInsensitiveMultiMap().add("image", "app:1")
        .add("command", "sh\n-c\necho  two  spaces\n").add("volumes", " data:/data \n\ncache:/cache:ro")
        .add("memory", " 512m ").add("cpus", "1.5").add("restartPolicy", "on-failure"));

    assertThat(run.getJsonArray("command")).containsExactly("sh", "-c", "echo  two  spaces");
    assertThat(run.getJsonArray("volumes")).containsExactly("data:/data", "cache:/cache:ro");
    assertThat(run.getString("memory")).isEqualTo("512m");
    assertThat(run.getString("cpus")).isEqualTo("1.5");
    assertThat(run.getString("restartPolicy")).isEqualTo("on-failure");
  }

  @Test
  void emptyOptionsAreLeftOutSoTheDefaultsApply() {
    JsonObject run = FormInput.run(MultiMap.caseInsensitiveMultiMap().add("image", "app:1").add("command", "\n")
        .add("volumes", "").add("memory", " ").add("cpus", ""));

    assertThat(run.fieldNames()).doesNotContain("command", "volumes", "memory", "cpus", "restartPolicy");
  }
}
