package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormInputTest {

  @Test
  void keyValueLinesBecomeJson() {
    JsonObject out = FormInput.keyValues("A=1\r\n\n# a comment\n  B = two words\n\nURL=http://x/?a=b&c=d\n", "Env");
    assertThat(out).isEqualTo(new JsonObject().put("A", "1").put("B", " two words").put("URL", "http://x/?a=b&c=d"));
  }

  @Test
  void emptyValueIsKept() {
    assertThat(FormInput.keyValues("EMPTY=", "Env")).isEqualTo(new JsonObject().put("EMPTY", ""));
  }

  @Test
  void nullOrBlankTextGivesNothing() {
    assertThat(FormInput.keyValues(null, "Env")).isEmpty();
    assertThat(FormInput.keyValues(" \n\n# only a comment", "Env")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"A=1\n\nno equals here", "A=1\n# c\n=value"})
  void lineWithoutNameGivesBadRequestNamingTheLine(String text) {
    assertThatThrownBy(() -> FormInput.keyValues(text, "Environment"))
        .isInstanceOf(BadRequest.class)
        .hasMessage("Environment, line 3: write NAME=value");
  }

  @Test
  void portsSplitOnCommasAndWhitespace() {
    assertThat(FormInput.ports(" 8888:8888, 9000:90\n53:53/udp\t:80,,  "))
        .isEqualTo(new JsonArray().add("8888:8888").add("9000:90").add("53:53/udp").add(":80"));
  }

  @Test
  void noPortsGiveEmptyArray() {
    assertThat(FormInput.ports(null)).isEmpty();
    assertThat(FormInput.ports("  ,\n")).isEmpty();
  }

  @Test
  void secretPairsAreReadInOrderSkippingEmptyRows() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("secretName", " TOKEN ").add("secretValue", "s3cr3t")
        .add("secretName", "").add("secretValue", "")
        .add("secretName", "DB_PASSWORD").add("secretValue", "p=w d");
    assertThat(FormInput.secrets(form)).isEqualTo(new JsonObject().put("TOKEN", "s3cr3t").put("DB_PASSWORD", "p=w d"));
  }

  @Test
  void nameWithoutValueIsKeptAsEmptySecret() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("secretName", "API_KEY");
    assertThat(FormInput.secrets(form)).isEqualTo(new JsonObject().put("API_KEY", ""));
  }

  @Test
  void noSecretFieldsGiveNothing() {
    assertThat(FormInput.secrets(MultiMap.caseInsensitiveMultiMap())).isEmpty();
  }

  @Test
  void runFormCombinesAllFields() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("image", "app:1.0").add("name", "web")
        .add("ports", "8080:80").add("env", "MODE=dev").add("secretName", "T").add("secretValue", "v");
    assertThat(FormInput.run(form)).isEqualTo(new JsonObject().put("image", "app:1.0").put("name", "web")
        .put("ports", new JsonArray().add("8080:80")).put("env", new JsonObject().put("MODE", "dev"))
        .put("secretEnv", new JsonObject().put("T", "v")));
  }

  @Test
  void aNodePickedInTheFormPinsTheJobAndAnyPinsNothing() {
    JsonObject build = new JsonObject().put("app", "hello");
    MultiMap picked = MultiMap.caseInsensitiveMultiMap().add("node", " b ");
    assertThat(FormInput.pinned(picked, build.copy())).isEqualTo(build.copy().put("node", "b"));
    MultiMap any = MultiMap.caseInsensitiveMultiMap().add("node", "");
    assertThat(FormInput.pinned(any, build.copy())).as("Any (least busy)").isEqualTo(build);
    assertThat(FormInput.pinned(MultiMap.caseInsensitiveMultiMap(), build.copy())).as("no Node field").isEqualTo(build);
  }

  @Test
  void whatWasEnteredIsKeptForTheFormButNeverASecretValue() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("app", "hello").add("tag", "t:1").add("noCache", "on")
        .add("node", "b").add("env", "A=1").add("secretName", "T").add("secretValue", "v").add("secretName", "U")
        .add("secretValue", "w").add("secretName", "").add("secretValue", "");
    JsonObject entered = FormInput.entered(form, "launch");
    assertThat(entered).isEqualTo(new JsonObject().put("app", "hello").put("tag", "t:1").put("noCache", true)
        .put("node", "b").put("env", "A=1").put("secretName", "").put("kind", "launch")
        .put("secretNames", new JsonArray().add("T").add("U")));
    assertThat(FormInput.entered(MultiMap.caseInsensitiveMultiMap(), "build").getBoolean("noCache")).isFalse();
  }

  @Test
  void aFormsUnreadableLinesAreNotedAndSentAsANameTheServerRefuses() {
    java.util.Map<String, String> unreadable = new java.util.LinkedHashMap<>();
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("image", "app:1").add("env", "A=1\noops")
        .add("buildArgs", "fine=yes");

    JsonObject run = FormInput.run(form, unreadable);
    JsonObject build = FormInput.build(form, unreadable);

    assertThat(unreadable).containsExactly(java.util.Map.entry("env", "Environment, line 2: write NAME=value"));
    assertThat(run.getJsonObject("env").fieldNames()).containsExactly(FormInput.UNREADABLE);
    assertThatThrownBy(() -> dev.slipway.domain.Names.envName(FormInput.UNREADABLE)).isInstanceOf(BadRequest.class);
    assertThat(build.getJsonObject("buildArgs")).isEqualTo(new JsonObject().put("fine", "yes"));
    assertThatThrownBy(() -> FormInput.run(form)).hasMessage("Environment, line 2: write NAME=value");
  }
}
