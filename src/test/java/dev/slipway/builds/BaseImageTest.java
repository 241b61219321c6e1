package dev.slipway.builds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseImageTest {
  @Test
  void theFinalStagesImageFollowingStageNames() {
    String dockerfile = """
        FROM golang:1.22 AS build
        RUN go build
        FROM build as test
        FROM debian:bookworm-slim AS run
        FROM run
        COPY --from=build /app /app
        """;
    assertThat(BaseImage.of(dockerfile, Map.of())).isEqualTo("debian:bookworm-slim");
  }

  @Test
  void argsBeforeTheFirstFromTheirDefaultsAndTheBuildArgsGivenForThem() {
    String dockerfile = """
        # syntax=docker/dockerfile:1
        ARG BASE=slipway/busybox
        ARG TAG="test"
        ARG UNSET
        FROM --platform=linux/amd64 ${BASE}:$TAG
        ARG BASE=ignored-after-from
        """;
    assertThat(BaseImage.of(dockerfile, Map.of())).isEqualTo("slipway/busybox:test");
    assertThat(BaseImage.of(dockerfile, Map.of("TAG", "1.36"))).isEqualTo("slipway/busybox:1.36");
    assertThat(BaseImage.of("ARG V\nFROM img:${V:-latest}\n", Map.of())).isEqualTo("img:latest");
    assertThat(BaseImage.of("ARG V=x\nFROM img${V:+-alt}\n", Map.of())).isEqualTo("img-alt");
    assertThat(BaseImage.of("FROM img:$NOT_DECLARED\n", Map.of("NOT_DECLARED", "given"))).as("only declared ARGs")
        .isEqualTo("img:");
  }

  @Test
  void commentsContinuationsAndTheEscapeDirective() {
    assertThat(BaseImage.of("FROM \\\n  # a comment inside\n  alpine:3 \\\n  AS base\nRUN x\n", Map.of()))
        .isEqualTo("alpine:3");
    assertThat(BaseImage.of("# escape=`\nFROM `\n  alpine:3\nRUN dir c:\\\\\n", Map.of())).isEqualTo("alpine:3");
    assertThat(BaseImage.of("from scratch\n", Map.of())).isEqualTo("scratch");
    assertThat(BaseImage.of("RUN nothing\n", Map.of())).isNull();
  }
}
