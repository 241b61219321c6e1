package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  private static final String HEX64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @ValueSource(strings = {"ipython/notebook", "app:1.0", "localhost:5000/team/app:v1", "a", "my-app_2.x:Latest-1.0",
      "registry.example.test/a/b/c", "a__b", "a---b"})
  void validTagsPass(String tag) {
    assertThat(Names.tag(tag)).isEqualTo(tag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"App", "MyApp:1.0", "my app", "a..b", "app:", "-leading", "<script>", "app:-x",
      "team//app", "app/", "app:1.0:2"})
  void invalidTagsAreRefusedNamingTheTag(String tag) {
    assertThatThrownBy(() -> Names.tag(tag))
        .isInstanceOfSatisfying(BadRequest.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("'" + tag + "'")
        .hasMessageContaining("lowercase");
  }

  @Test
  void overlongTagIsRefused() {
    String tag = "a".repeat(300);
    assertThatThrownBy(() -> Names.tag(tag)).isInstanceOf(BadRequest.class).hasMessageContaining("invalid tag");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void missingTagAsksForOneWithAnExample(String tag) {
    assertThatThrownBy(() -> Names.tag(tag))
        .isInstanceOf(BadRequest.class).hasMessageContaining("tag is required").hasMessageContaining("app:1.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123456789ab", HEX64, "sha256:" + HEX64, "sha256:0123456789ab",
      "busybox@sha256:" + HEX64, "localhost:5000/team/app@sha256:" + HEX64, "app:1.0@sha256:" + HEX64,
      "ipython/notebook", "debian:bookworm-slim"})
  void imageAcceptsTagsIdsAndDigestReferences(String image) {
    assertThat(Names.image(image)).isEqualTo(image);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Busybox", "busybox@sha256:1234", "@sha256:" + HEX64, "sha256:", "busybox@md5:" + HEX64,
      "app; rm -rf /"})
  void imageRefusesMalformedReferences(String image) {
    assertThatThrownBy(() -> Names.image(image)).isInstanceOf(BadRequest.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void imageIsRequired(String image) {
    assertThatThrownBy(() -> Names.image(image)).isInstanceOf(BadRequest.class).hasMessageContaining("image is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "my_app.1-x", "9lives", "Web-2"})
  void validContainerNamesPass(String name) {
    assertThat(Names.container(name)).isEqualTo(name);
  }

  @Test
  void longestContainerNamePasses() {
    String name = "c".repeat(128);
    assertThat(Names.container(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" "})
  void blankContainerNameLetsDockerPick(String name) {
    assertThat(Names.container(name)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-x", "_x", ".x", "a b", "a/b", "ü-name", "x;y"})
  void invalidContainerNamesAreRefusedNamingTheName(String name) {
    assertThatThrownBy(() -> Names.container(name))
        .isInstanceOf(BadRequest.class).hasMessageContaining("'" + name + "'");
  }

  @Test
  void overlongContainerNameIsRefused() {
    assertThatThrownBy(() -> Names.container("c".repeat(129))).isInstanceOf(BadRequest.class);
  }

  @Test
  void singleCharacterContainerNameIsRefusedLikeDockerDoes() {
    // The engine answers "Invalid container name (q), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed": its pattern
    // needs at least two characters.
    assertThatThrownBy(() -> Names.container("q")).isInstanceOf(BadRequest.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PASSWORD", "_X1", "x", "Db_Url_2"})
  void validEnvNamesPass(String name) {
    assertThat(Names.envName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"1A", "A-B", "A B", "A=B", "Ä"})
  void invalidEnvNamesAreRefused(String name) {
    assertThatThrownBy(() -> Names.envName(name))
        .isInstanceOf(BadRequest.class).hasMessageContaining("environment variable name");
  }
}
