package dev.slipway.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the catalog describes an app folder: its manifest, its ports, its advice; a bad file never breaks the list. */
class AppCatalogTest {
  private static final String REQUIRES_PASSWORD = """
      {"ports": [{"containerPort": 8080, "description": "The page"}],
       "secrets": [{"name": "PASSWORD", "required": true, "description": "Login password"}]}
      """;

  @TempDir
  Path apps;

  private Path app(String name, String dockerfile) throws IOException {
    Path dir = Files.createDirectories(apps.resolve(name));
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    return dir;
  }

  private JsonObject listed(String name) {
    return new AppCatalog(apps).list().stream().filter(a -> a.getString("name").equals(name)).findFirst()
        .orElseThrow();
  }

  @Test
  void anAppDescribesItsPortsEnvAndSecretsAndGetsAdvice() throws IOException {
    Path dir = app("notes", "FROM debian:bookworm-slim\nUSER app\nEXPOSE 8080\n");
    Files.writeString(dir.resolve("slipway.json"), REQUIRES_PASSWORD);

    JsonObject notes = listed("notes");

    assertThat(notes.getJsonArray("ports")).isEqualTo(new JsonArray().add(new JsonObject().put("containerPort", 8080)
        .put("protocol", "tcp").put("description", "The page")));
    assertThat(notes.getJsonArray("secrets")).isEqualTo(new JsonArray().add(new JsonObject().put("name", "PASSWORD")
        .put("required", true).put("description", "Login password")));
    assertThat(notes.getJsonArray("env")).isEmpty();
    assertThat(notes.getString("declaredIn")).isEqualTo("slipway.json");
    assertThat(notes.getJsonArray("exposedPorts")).containsExactly("8080");
    assertThat(notes.getJsonArray("advice")).isEmpty();
    assertThat(notes.getJsonArray("problems")).isEmpty();
  }

  @Test
  void withoutAManifestThePortsAreTheDockerfilesExposeAndTheAdviceIsListed() throws IOException {
    app("plain", "FROM debian\nEXPOSE 80 53/udp $PORT\n");

    JsonObject plain = listed("plain");

    assertThat(plain.getJsonArray("ports").stream().map(p -> ((JsonObject) p).getInteger("containerPort") + "/"
        + ((JsonObject) p).getString("protocol"))).containsExactly("80/tcp", "53/udp");
    assertThat(plain.getJsonArray("advice").stream().map(a -> ((JsonObject) a).getString("rule") + "@"
        + ((JsonObject) a).getInteger("line"))).containsExactly("SW007@1", "SW008@1");
    assertThat(plain.getString("declaredIn")).isNull();
  }

  @Test
  void aBrokenManifestIsAProblemOfThatAppAndTheOthersAreListedAsUsual() throws IOException {
    Path dir = app("broken", "FROM debian:bookworm-slim\nUSER app\nEXPOSE 8080\n");
    Files.writeString(dir.resolve("slipway.json"), "{\"ports\": [{\"containerPort\": \"8080\"}]}");
    app("fine", "FROM debian:bookworm-slim\nUSER app\n");

    assertThat(new AppCatalog(apps).list()).extracting(a -> a.getString("name")).containsExactly("broken", "fine");
    JsonObject broken = listed("broken");
    assertThat(broken.getJsonArray("problems")).containsExactly(
        "slipway.json: ports[0].containerPort must be a whole number from 1 to 65535");
    assertThat(broken.getJsonArray("ports")).as("still the Dockerfile's").hasSize(1);
    assertThatThrownBy(() -> new AppCatalog(apps).requireSecrets("broken", new JsonObject()))
        .isInstanceOf(BadRequest.class).hasMessageStartingWith("the app broken cannot be launched until its manifest is "
            + "fixed: slipway.json: ports[0]");
  }

  @Test
  void aManifestOrDockerfileLeadingOutOfTheFolderOrTooLargeIsNotRead(@TempDir Path outside) throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.json"), "{\"secrets\": []} top secret");
    Path linked = app("linked", "FROM debian:bookworm-slim\nUSER app\n");
    Files.createSymbolicLink(linked.resolve("slipway.json"), secret);
    app("huge", "FROM debian:bookworm-slim\n" + "#".repeat(AppDescriber.MAX_DOCKERFILE));

    assertThat(listed("linked").getJsonArray("problems"))
        .containsExactly("slipway.json leads out of the app's folder, so Slipway does not read it");
    assertThat(listed("huge").getJsonArray("problems"))
        .containsExactly("Dockerfile is larger than 256 KiB, so Slipway does not read it");
    assertThat(listed("huge").getJsonArray("advice")).isEmpty();
  }

  @Test
  void withoutSlipwayJsonTheDockerfilesLabelDescribesTheApp() throws IOException {
    app("labelled", "FROM debian:bookworm-slim\nUSER app\nEXPOSE 8080\nLABEL dev.slipway.app='" + REQUIRES_PASSWORD
        .replace("\n", " ") + "' other=x\n");
    app("variable", "FROM debian:bookworm-slim\nUSER app\nARG P=8080\nLABEL dev.slipway.app=\"{\\\"ports\\\": [{\\\""
        + "containerPort\\\": $P}]}\"\n");

    JsonObject labelled = listed("labelled");
    assertThat(labelled.getString("declaredIn")).isEqualTo("the Dockerfile's LABEL dev.slipway.app (line 4)");
    assertThat(labelled.getJsonArray("secrets").getJsonObject(0).getString("name")).isEqualTo("PASSWORD");
    assertThat(listed("variable").getJsonArray("problems")).containsExactly("the Dockerfile's LABEL dev.slipway.app "
        + "(line 4) must be JSON written out in single quotes, without variables: Slipway reads it without building "
        + "the image");
  }

  @Test
  void slipwayJsonComesBeforeTheLabel() throws IOException {
    Path dir = app("both", "FROM debian:bookworm-slim\nUSER app\nLABEL dev.slipway.app='{\"secrets\": [{\"name\": "
        + "\"OTHER\"}]}'\nEXPOSE 8080\n");
    Files.writeString(dir.resolve("slipway.json"), REQUIRES_PASSWORD);

    assertThat(listed("both").getJsonArray("secrets").getJsonObject(0).getString("name")).isEqualTo("PASSWORD");
  }

  @Test
  void aLaunchNeedsEveryRequiredSecretWithAValue() throws IOException {
    Path dir = app("notes", "FROM debian:bookworm-slim\nUSER app\nEXPOSE 8080\n");
    Files.writeString(dir.resolve("slipway.json"), REQUIRES_PASSWORD);
    AppCatalog catalog = new AppCatalog(apps);

    for (Object run : new Object[] {null, new JsonObject(), new JsonObject().put("secretEnv", new JsonObject()),
        new JsonObject().put("secretEnv", new JsonObject().put("PASSWORD", "  "))}) {
      assertThatThrownBy(() -> catalog.requireSecrets("notes", run)).as(String.valueOf(run))
          .isInstanceOf(BadRequest.class).hasMessage("run.secretEnv.PASSWORD (Login password) is required to launch "
              + "notes: give it a value")
          .satisfies(e -> assertThat(((BadRequest) e).code()).isEqualTo(400));
    }
    assertThatCode(() -> catalog.requireSecrets("notes", new JsonObject().put("secretEnv", new JsonObject()
        .put("PASSWORD", "s3cret")))).doesNotThrowAnyException();
    assertThatCode(() -> catalog.requireSecrets(null, null)).as("an uploaded context").doesNotThrowAnyException();
  }

  @Test
  void anEntrypointScriptWithoutItsExecuteBitIsFoundInTheFolder() throws IOException {
    Path dir = app("script", "FROM debian:bookworm-slim\nCOPY start.sh /usr/local/bin/\nUSER app\n"
        + "ENTRYPOINT [\"start.sh\"]\n");
    Path script = Files.writeString(dir.resolve("start.sh"), "#!/bin/sh\nexec \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(listed("script").getJsonArray("advice").getJsonObject(0).getString("rule")).isEqualTo("SW013");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(listed("script").getJsonArray("advice")).isEmpty();
  }
}
