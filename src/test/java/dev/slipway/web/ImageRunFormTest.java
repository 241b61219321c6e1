package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The Run form of an image: its exposed ports as the same host ports, and what Slipway's app label declares. */
class ImageRunFormTest {
  @Test
  void exposedPortsBecomeTheSameHostPortsAndTheLabelFillsEnvAndSecretNames() {
    JsonObject facts = new JsonObject().put("ports", new JsonArray().add("5353/udp").add("8888/tcp"))
        .put("labels", new JsonObject().put("dev.slipway.app", "{\"env\": [{\"name\": \"GREETING\", \"default\": "
            + "\"hi\"}], \"secrets\": [{\"name\": \"TOKEN\", \"required\": true}]}"));

    JsonObject form = ImageRunForm.of("team/app:1", facts);

    assertThat(form.getString("image")).isEqualTo("team/app:1");
    assertThat(form.getString("ports")).isEqualTo("5353:5353/udp, 8888:8888");
    assertThat(form.getString("env")).isEqualTo("GREETING=hi");
    assertThat(form.getJsonArray("secretNames")).containsExactly("TOKEN");
  }

  @Test
  void anImageWithoutPortsOrLabelsLeavesThemEmpty() {
    JsonObject form = ImageRunForm.of("plain", new JsonObject().put("ports", new JsonArray()).put("labels",
        new JsonObject().put("dev.slipway.app", "not json")));

    assertThat(form).isEqualTo(new JsonObject().put("image", "plain"));
  }
}
