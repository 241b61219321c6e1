package dev.slipway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may ask for what in a run: the admin-only fields and the operator maxima, without an engine. */
class RunGuardTest {
  private static final Caller OPERATOR = new Caller("olive", Role.OPERATOR);
  private static final Caller ADMIN = new Caller("ada", Role.ADMIN);
  private static final RunLimits LIMITS = RunLimits.defaults();

  private static RunRequest run(String body, Caller caller) {
    return RunRequest.from(new JsonObject(body).put("image", "app:1"), null, caller, LIMITS);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"privileged\": true}                                      | privileged",
      "{\"binds\": [\"/srv/data:/data\"]}                          | binds: '/srv/data:/data'",
      "{\"binds\": [\"/var/run/docker.sock:/var/run/docker.sock\"]} | which mounts the Docker socket",
      "{\"binds\": [\"/run:/host-run:ro\"]}                         | which mounts the Docker socket",
      "{\"binds\": [\"/var/run:/host-run\"]}                        | which mounts the Docker socket",
      "{\"binds\": [\"/:/host\"]}                                   | which mounts the Docker socket",
      "{\"volumes\": [\"/var/run/docker.sock:/sock\"]}              | a host path (a bind mount), which mounts the Docker socket",
      "{\"networkMode\": \"host\"}                                  | networkMode host",
      "{\"networkMode\": \"container:db\"}                          | networkMode container:db",
      "{\"capAdd\": [\"NET_ADMIN\"]}                                | capAdd [NET_ADMIN]",
      "{\"devices\": [\"/dev/fuse\"]}                               | devices [/dev/fuse]",
      "{\"ports\": [\"999:80\"]}                                    | host port 999 (below 1024)"})
  void whatReachesIntoTheHostIsA403ForAnOperatorAndAllowedForAnAdmin(String body, String named) {
    Throwable refused = catchThrowable(() -> run(body, OPERATOR));

    assertThat(refused).isInstanceOf(BadRequest.class).hasMessageContaining("only an admin may use")
        .hasMessageContaining(named).hasMessageContaining("olive is operator");
    assertThat(((BadRequest) refused).code()).isEqualTo(403);
    if (!body.contains("volumes")) {
      assertThat(run(body, ADMIN).user()).isEqualTo("ada");
    }
  }

  @Test
  void oneRefusalNamesEveryAdminOnlyField() {
    assertThat(catchThrowable(() -> run("{\"privileged\": true, \"capAdd\": [\"SYS_ADMIN\"], \"ports\": [\"80:80\"]}",
        OPERATOR))).hasMessageContaining("privileged").hasMessageContaining("capAdd [SYS_ADMIN]")
        .hasMessageContaining("host port 80");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"networkMode\": \"bridge\"}", "{\"networkMode\": \"none\"}",
      "{\"networkMode\": \"team-net\"}", "{\"ports\": [\"1024:80\", \":80\", \"80\"]}", "{\"privileged\": false}",
      "{\"capAdd\": [], \"devices\": [], \"binds\": []}", "{\"volumes\": [\"data:/data\"]}",
      "{\"memory\": \"4g\", \"cpus\": 2}"})
  void anOperatorRunsWithinTheContainerAndTheLimits(String body) {
    assertThat(run(body, OPERATOR).user()).isEqualTo("olive");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"memory\": \"5g\"} | memory 5g is above the operator maximum of 4g",
      "{\"cpus\": 2.5}       | cpus 2.5 is above the operator maximum of 2.0"})
  void aboveAnOperatorMaximumIsA403AndAnAdminHasNone(String body, String message) {
    Throwable refused = catchThrowable(() -> run(body, OPERATOR));

    assertThat(refused).isInstanceOf(BadRequest.class).hasMessageContaining(message);
    assertThat(((BadRequest) refused).code()).isEqualTo(403);
    assertThat(run(body, ADMIN).options().memory()).isPositive();
  }

  @Test
  void aViewerRunsNothing() {
    Throwable refused = catchThrowable(() -> run("{}", new Caller("vera", Role.VIEWER)));

    assertThat(refused).isInstanceOf(BadRequest.class).hasMessageContaining("starting a container needs the operator role");
    assertThat(((BadRequest) refused).code()).isEqualTo(403);
  }
}
