package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The policy table's defaults: reading is for viewers, a change nobody listed is for admins. */
class AccessRulesTest {
  @Test
  void aStateChangingRouteNobodyListedIsForAdminsOnly() {
    assertThat(AccessRules.required(HttpMethod.POST, "/api/jobs/abc/rerun")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.required(HttpMethod.PUT, "/api/builds")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.required(HttpMethod.GET, "/history")).isEqualTo(Role.VIEWER);
  }

  @Test
  void aTrailingSlashChangesNothing() {
    assertThat(AccessRules.required(HttpMethod.POST, "/api/builds/")).isEqualTo(Role.OPERATOR);
    assertThat(AccessRules.required(HttpMethod.GET, "/users/")).isEqualTo(Role.ADMIN);
  }

  @Test
  void onlyTheOpenPathsNeedNoSignIn() {
    assertThat(Authentication.isOpen("/health")).isTrue();
    assertThat(Authentication.isOpen("/webjars/htmx.org/2.0.7/dist/htmx.min.js")).isTrue();
    assertThat(Authentication.isOpen("/login")).isTrue();
    assertThat(Authentication.isOpen("/login/")).isFalse();
    assertThat(Authentication.isOpen("/api/health")).isFalse();
  }

  @Test
  void afterSigningInOnlyAPathOfThisServerIsFollowed() {
    assertThat(LoginPages.safeNext("/jobs/1?after=3")).isEqualTo("/jobs/1?after=3");
    assertThat(LoginPages.safeNext("//evil.example")).isEqualTo("/");
    assertThat(LoginPages.safeNext("/\\evil.example")).isEqualTo("/");
    assertThat(LoginPages.safeNext("https://evil.example")).isEqualTo("/");
    assertThat(LoginPages.safeNext("/a\r\nSet-Cookie: x=1")).isEqualTo("/");
    assertThat(LoginPages.loginUrl("/jobs/1?x=1&y=2")).isEqualTo("/login?next=%2Fjobs%2F1%3Fx%3D1%26y%3D2");
  }
}
