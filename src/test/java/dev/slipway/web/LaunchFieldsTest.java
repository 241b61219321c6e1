package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fields an app declares, on its form: their values from wherever the form came from, and what is sent. */
class LaunchFieldsTest {
  private static final JsonObject APP = new JsonObject().put("name", "notes")
      .put("ports", new JsonArray().add(new JsonObject().put("containerPort", 8080).put("protocol", "tcp")
          .put("description", "The page")).add(new JsonObject().put("containerPort", 53).put("protocol", "udp")))
      .put("env", new JsonArray().add(new JsonObject().put("name", "TITLE").put("default", "Notes")
          .put("description", "Page title")))
      .put("secrets", new JsonArray().add(new JsonObject().put("name", "PASSWORD").put("required", true)
          .put("description", "Login password")));

  @Test
  void aFreshFormProposesTheDefaultsAndMapsTheDeclaredPorts() {
    LaunchFields fields = LaunchFields.of(APP, null, null);

    assertThat(fields.portsValue()).isEqualTo(":8080, :53/udp");
    assertThat(fields.ports()).containsExactly(new LaunchFields.Port("8080/tcp", "The page"),
        new LaunchFields.Port("53/udp", null));
    assertThat(fields.env()).containsExactly(new LaunchFields.Env("app-notes-env-TITLE", "TITLE", "Notes",
        "Page title"));
    assertThat(fields.secrets().get(0).describedBy()).isEqualTo("app-notes-secret-PASSWORD-hint");
    assertThat(fields.otherEnv()).isNull();
  }

  @Test
  void editAndRetrySplitsTheJobsSettingsBetweenTheDeclaredFieldsAndTheOthers() {
    JsonObject job = new JsonObject().put("ports", ":9090").put("env", "TITLE=Team\nMODE=test")
        .put("secretNames", new JsonArray().add("PASSWORD").add("EXTRA"));

    LaunchFields fields = LaunchFields.of(APP, job, null);

    assertThat(fields.portsValue()).isEqualTo(":9090");
    assertThat(fields.env().get(0).value()).isEqualTo("Team");
    assertThat(fields.otherEnv()).isEqualTo("MODE=test");
    assertThat(fields.otherSecretNames()).containsExactly("EXTRA");
  }

  @Test
  void aRefusedFormKeepsWhatWasTypedAndPutsTheErrorOnItsField() {
    JsonObject typed = new JsonObject().put("declaredEnv", new JsonObject().put("TITLE", "")).put("env", "")
        .put("secretNames", new JsonArray().add(""));

    LaunchFields fields = LaunchFields.of(APP, typed, Map.of("secretEnv.PASSWORD", "PASSWORD is required"));

    assertThat(fields.env().get(0).value()).as("emptied on purpose, not the default again").isEmpty();
    assertThat(fields.secrets().get(0).error()).isEqualTo("PASSWORD is required");
    assertThat(fields.secrets().get(0).describedBy())
        .isEqualTo("app-notes-secret-PASSWORD-hint app-notes-secret-PASSWORD-error");
    assertThat(fields.otherSecretNames()).isEmpty();
  }

  @Test
  void theDeclaredFieldsAreSentWithTheOthersAndAnEmptyOneIsNotSet() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("declaredEnvName", "TITLE").add("declaredEnvValue", "Team")
        .add("declaredEnvName", "LANG").add("declaredEnvValue", "")
        .add("declaredSecretName", "PASSWORD").add("declaredSecretValue", "s3cret-value")
        .add("declaredSecretName", "API_TOKEN").add("declaredSecretValue", "")
        .add("env", "MODE=test").add("secretName", "EXTRA").add("secretValue", "extra-value");

    JsonObject run = FormInput.run(form);

    assertThat(run.getJsonObject("env")).isEqualTo(new JsonObject().put("TITLE", "Team").put("MODE", "test"));
    assertThat(run.getJsonObject("secretEnv")).isEqualTo(new JsonObject().put("PASSWORD", "s3cret-value")
        .put("EXTRA", "extra-value"));
    assertThat(AppPages.missingSecrets(APP, form)).isEmpty();
    assertThat(AppPages.missingSecrets(APP, MultiMap.caseInsensitiveMultiMap()))
        .containsExactly(Map.entry("secretEnv.PASSWORD", "PASSWORD is required to launch notes: enter it."));
  }
}
