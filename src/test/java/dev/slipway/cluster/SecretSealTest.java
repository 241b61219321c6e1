package dev.slipway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.JobKind;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealTest {
  private final SecretSeal seal = new SecretSeal("a-cluster-secret-of-some-length");

  @Test
  void sealedSecretsOpenOnANodeWithTheSameClusterSecretAndShowNoneOfTheirText() {
    JsonObject secrets = new JsonObject().put("PASSWORD", "hunter2-very-secret").put("TOKEN", "t0k3n");
    String sealed = seal.seal(secrets);
    assertThat(sealed).doesNotContain("hunter2").doesNotContain("PASSWORD");
    assertThat(new String(Base64.getDecoder().decode(sealed))).doesNotContain("hunter2");
    assertThat(new SecretSeal("a-cluster-secret-of-some-length").open(sealed)).isEqualTo(secrets);
  }

  @Test
  void theSameSecretsSealDifferentlyEachTime() {
    JsonObject secrets = new JsonObject().put("PASSWORD", "x");
    assertThat(seal.seal(secrets)).isNotEqualTo(seal.seal(secrets));
  }

  @Test
  void aSealFromAnotherClusterSecretOrChangedOnTheWayDoesNotOpen() {
    String sealed = seal.seal(new JsonObject().put("PASSWORD", "x"));
    assertThatThrownBy(() -> new SecretSeal("another-cluster-secret-entirely").open(sealed))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SLIPWAY_CLUSTER_SECRET");
    byte[] bytes = Base64.getDecoder().decode(sealed);
    bytes[bytes.length - 1] ^= 1;
    assertThatThrownBy(() -> seal.open(Base64.getEncoder().encodeToString(bytes)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aShortClusterSecretIsRefused() {
    assertThatThrownBy(() -> new SecretSeal("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRunAndALaunchTravelWithTheirSecretsSealedAndArriveWithThemOpen() {
    JsonObject run = new JsonObject().put("image", "x").put("secretEnv", new JsonObject().put("PASSWORD", "pw-1"));
    SealedSecrets.seal(run, JobKind.RUN, seal);
    assertThat(run.encode()).doesNotContain("pw-1").contains(SealedSecrets.SEALED);
    SealedSecrets.open(run, JobKind.RUN, seal);
    assertThat(run.getJsonObject("secretEnv").getString("PASSWORD")).isEqualTo("pw-1");
    assertThat(run.containsKey(SealedSecrets.SEALED)).isFalse();

    JsonObject launch = new JsonObject().put("app", "a").put("run", new JsonObject()
        .put("secretEnv", new JsonObject().put("PASSWORD", "pw-2")));
    SealedSecrets.seal(launch, JobKind.LAUNCH, seal);
    assertThat(launch.encode()).doesNotContain("pw-2");
    SealedSecrets.open(launch, JobKind.LAUNCH, seal);
    assertThat(launch.getJsonObject("run").getJsonObject("secretEnv").getString("PASSWORD")).isEqualTo("pw-2");
  }

  @Test
  void aSealSentToASlipwayOutsideAClusterOrBesideClearSecretsIsABadRequest() {
    JsonObject body = new JsonObject().put(SealedSecrets.SEALED, seal.seal(new JsonObject().put("A", "b")));
    assertThatThrownBy(() -> SealedSecrets.open(body.copy(), JobKind.RUN, null)).isInstanceOf(BadRequest.class);
    body.put("secretEnv", new JsonObject().put("A", "c"));
    assertThatThrownBy(() -> SealedSecrets.open(body, JobKind.RUN, seal)).isInstanceOf(BadRequest.class)
        .hasMessageContaining("not both");
  }
}
