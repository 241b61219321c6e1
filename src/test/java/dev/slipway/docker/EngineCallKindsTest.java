package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Engine calls are named by what they do, never by the ids, names or tags in their paths. */
class EngineCallKindsTest {
  @Test
  void containerCallsAreNamedByTheirAction() {
    assertThat(EngineCallKinds.of("POST", "/containers/create?name=web")).isEqualTo("containers.create");
    assertThat(EngineCallKinds.of("POST", "/v1.41/containers/0123abcd/start")).isEqualTo("containers.start");
    assertThat(EngineCallKinds.of("GET", "/containers/0123abcd/json")).isEqualTo("containers.inspect");
    assertThat(EngineCallKinds.of("GET", "/containers/json?all=1")).isEqualTo("containers.list");
    assertThat(EngineCallKinds.of("GET", "/containers/0123abcd/logs?follow=1")).isEqualTo("containers.logs");
    assertThat(EngineCallKinds.of("DELETE", "/containers/0123abcd?force=1")).isEqualTo("containers.remove");
  }

  @Test
  void imageNamesWithSlashesAndTagsDoNotLeakIntoTheName() {
    assertThat(EngineCallKinds.of("DELETE", "/images/slipway-test/app:v1")).isEqualTo("images.remove");
    assertThat(EngineCallKinds.of("GET", "/images/slipway-test/app:v1/json")).isEqualTo("images.inspect");
    assertThat(EngineCallKinds.of("GET", "/images/json")).isEqualTo("images.list");
    assertThat(EngineCallKinds.of("GET", "/images/some/unknown:thing")).isEqualTo("images.other");
  }

  @Test
  void singleWordCallsAndUnknownOnes() {
    assertThat(EngineCallKinds.of("POST", "/build?t=x")).isEqualTo("build");
    assertThat(EngineCallKinds.of("HEAD", "/_ping")).isEqualTo("ping");
    assertThat(EngineCallKinds.of("GET", "/v1.24/version")).isEqualTo("version");
    assertThat(EngineCallKinds.of("GET", "/made-up/" + System.nanoTime())).isEqualTo(EngineCallKinds.OTHER);
    assertThat(EngineCallKinds.of("GET", "")).isEqualTo(EngineCallKinds.OTHER);
  }
}
