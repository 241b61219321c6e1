package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlipwayLabelsTest {
  @Test
  void anImageGetsOneLabelBecauseTheClassicBuilderAddsAStepPerLabel() {
    Map<String, String> labels = SlipwayLabels.forImage("job-1", "ana", "instance-1", "node-b");

    assertThat(labels).containsOnlyKeys("dev.slipway.image");
    assertThat(new JsonObject(labels.get("dev.slipway.image"))).isEqualTo(new JsonObject().put("job", "job-1")
        .put("user", "ana").put("instance", "instance-1").put("node", "node-b"));
    assertThat(SlipwayLabels.imageUser(labels)).isEqualTo("ana");
    assertThat(SlipwayLabels.imageNode(labels)).isEqualTo("node-b");
    assertThat(SlipwayLabels.ourImage(labels, "instance-1")).isTrue();
    assertThat(SlipwayLabels.ourImage(labels, "instance-2")).isFalse();
  }

  @Test
  void aContainerIsLabelledWithTheNodeThatStartedIt() {
    Map<String, String> labels = SlipwayLabels.of("job-1", "ana", "instance-1", "node-b");

    assertThat(labels).containsEntry("dev.slipway.node", "node-b").containsEntry("dev.slipway.job", "job-1");
    assertThat(SlipwayLabels.node(labels)).isEqualTo("node-b");
    assertThat(SlipwayLabels.node(Map.of("dev.slipway.job", "job-0"))).as("started before nodes had names").isNull();
  }

  @Test
  void imagesBuiltWithTheEarlierThreeLabelsAreStillKnown() {
    Map<String, String> old = Map.of("dev.slipway.image.job", "job-1", "dev.slipway.image.user", "ana",
        "dev.slipway.image.instance", "instance-1");

    assertThat(SlipwayLabels.imageUser(old)).isEqualTo("ana");
    assertThat(SlipwayLabels.ourImage(old, "instance-1")).isTrue();
  }

  @Test
  void aLabelThatIsNotSlipwaysJsonSaysNothing() {
    for (String value : new String[] {"not json", "[\"instance-1\"]", "{\"instance\": 1, \"user\": []}"}) {
      Map<String, String> labels = Map.of("dev.slipway.image", value);
      assertThat(SlipwayLabels.imageUser(labels)).as(value).isNull();
      assertThat(SlipwayLabels.ourImage(labels, "instance-1")).as(value).isFalse();
    }
    assertThat(SlipwayLabels.imageUser(null)).isNull();
    assertThat(SlipwayLabels.ourImage(Map.of(), "instance-1")).isFalse();
  }

  @Test
  void anImagesReproducibilityRecordIsReadFromItsLabels() {
    Map<String, String> labels = Map.of("dev.slipway.context-digest", "sha256:c", "dev.slipway.dockerfile-digest",
        "sha256:d", "dev.slipway.build-args", "{\"A\":\"1\"}", "dev.slipway.base-image", "sha256:b",
        "dev.slipway.built-by", "ana");

    assertThat(SlipwayLabels.reproducibility(labels)).isEqualTo(new JsonObject().put("contextDigest", "sha256:c")
        .put("dockerfileDigest", "sha256:d").put("buildArgs", new JsonObject().put("A", "1"))
        .put("baseImage", "sha256:b").put("builtBy", "ana"));
    assertThat(SlipwayLabels.reproducibility(Map.of("dev.slipway.image", "{}"))).as("built before the record").isNull();
    assertThat(SlipwayLabels.reproducibility(Map.of("dev.slipway.context-digest", "x", "dev.slipway.build-args", "[1]"))
        .getValue("buildArgs")).as("not Slipway's JSON").isNull();
  }
}
