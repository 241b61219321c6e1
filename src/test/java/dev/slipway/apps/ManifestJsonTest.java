package dev.slipway.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** slipway.json is read strictly: a mistake is a message saying where and what, never a guess. */
class ManifestJsonTest {
  @Test
  void theNotebooksManifestDeclaresItsPortAndRequiresItsPassword() throws Exception {
    AppManifest manifest = ManifestJson.parse(Files.readString(Path.of("docker/examples/python-notebook/slipway.json")),
        "slipway.json");

    assertThat(manifest.ports()).extracting(AppManifest.Port::key).containsExactly("8888/tcp");
    assertThat(manifest.requiredSecrets()).extracting(AppManifest.Secret::name).containsExactly("PASSWORD");
    assertThat(manifest.requiredSecrets().get(0).description()).contains("login password");
    assertThat(manifest.env()).isEmpty();
  }

  @Test
  void everyFieldWithItsDefaults() throws Exception {
    AppManifest manifest = ManifestJson.parse("""
        {"ports": [{"containerPort": 53, "protocol": "udp"}, {"containerPort": 8080, "description": " Web "}],
         "env": [{"name": "TITLE", "default": "Notes", "description": "Page title"}, {"name": "MODE"}],
         "secrets": [{"name": "PASSWORD", "required": true}, {"name": "API_TOKEN", "description": ""}]}
        """, "slipway.json");

    assertThat(manifest.ports()).containsExactly(new AppManifest.Port(53, "udp", null),
        new AppManifest.Port(8080, "tcp", "Web"));
    assertThat(manifest.env()).containsExactly(new AppManifest.EnvVar("TITLE", "Notes", "Page title"),
        new AppManifest.EnvVar("MODE", null, null));
    assertThat(manifest.secrets()).containsExactly(new AppManifest.Secret("PASSWORD", true, null),
        new AppManifest.Secret("API_TOKEN", false, null));
    assertThat(ManifestJson.parse("{}", "slipway.json")).isEqualTo(new AppManifest(List.of(), List.of(), List.of(),
        "slipway.json"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      []                                                        | slipway.json must be a JSON object
      {"port": []}                                              | slipway.json: unknown field 'port' (the file may have env, ports, secrets)
      {"ports": {}}                                             | slipway.json: ports must be a list
      {"ports": [8888]}                                         | slipway.json: ports[0] must be an object
      {"ports": [{"containerPort": "8888"}]}                    | slipway.json: ports[0].containerPort must be a whole number from 1 to 65535
      {"ports": [{"containerPort": 8888.5}]}                    | ports[0].containerPort must be a whole number
      {"ports": [{"containerPort": 70000}]}                     | ports[0].containerPort must be a whole number
      {"ports": [{"containerPort": 1, "protocol": "sctp"}]}     | ports[0].protocol must be "tcp" or "udp"
      {"ports": [{"containerPort": 1}, {"containerPort": 1}]}   | ports[1] declares 1/tcp a second time
      {"ports": [{"containerPort": 1, "host": 2}]}              | unknown field 'ports[0].host' (here may have containerPort, description, protocol)
      {"env": [{"default": "x"}]}                               | env[0].name is missing
      {"env": [{"name": "1X"}]}                                 | env[0].name must be an environment variable's name
      {"env": [{"name": "A", "default": 1}]}                    | env[0].default must be a string
      {"env": [{"name": "A"}], "secrets": [{"name": "A"}]}      | secrets[0] names A a second time (in env or secrets)
      {"secrets": [{"name": "P", "required": "yes"}]}           | secrets[0].required must be true or false
      {"secrets": [{"name": "P", "requried": true}]}            | unknown field 'secrets[0].requried'
      {"ports": [], "ports": []}                                | slipway.json, line 1, column 22: not valid JSON (Duplicate field 'ports')
      {"ports": [}                                              | slipway.json, line 1, column 12: not valid JSON
      """)
  void aMistakeSaysWhereAndWhat(String json, String message) {
    assertThatThrownBy(() -> ManifestJson.parse(json, "slipway.json")).isInstanceOf(ManifestJson.Invalid.class)
        .hasMessageContaining(message);
  }

  @Test
  void sizesAreBounded() {
    String longDescription = "{\"secrets\": [{\"name\": \"P\", \"description\": \"" + "x".repeat(501) + "\"}]}";
    StringBuilder many = new StringBuilder("{\"env\": [");
    for (int i = 0; i <= ManifestJson.MAX_ITEMS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"name\": \"V").append(i).append("\"}");
    }

    assertThatThrownBy(() -> ManifestJson.parse(longDescription, "slipway.json"))
        .hasMessage("slipway.json: secrets[0].description is longer than 500 characters");
    assertThatThrownBy(() -> ManifestJson.parse(many.append("]}").toString(), "slipway.json"))
        .hasMessage("slipway.json: env has more than 100 entries");
    assertThatThrownBy(() -> ManifestJson.parse(" ".repeat(ManifestJson.MAX_CHARS + 1), "slipway.json"))
        .hasMessage("slipway.json is larger than 64 KiB");
  }
}
