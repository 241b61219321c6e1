package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code databaseUrl} in the form everyone knows; whatever goes wrong, the password is never repeated. */
class DatabaseUrlTest {
  private static final String SECRET = "Sw0rdf1sh-Secret";

  @Test
  void readsEveryPartOfAPostgresqlUrl() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://slipway:" + SECRET + "@db.example.org:6543/slipway_prod");
    assertThat(url.host()).isEqualTo("db.example.org");
    assertThat(url.port()).isEqualTo(6543);
    assertThat(url.database()).isEqualTo("slipway_prod");
    assertThat(url.user()).isEqualTo("slipway");
    assertThat(url.password()).isEqualTo(SECRET);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6543/slipway_prod?sslmode=prefer")
        .doesNotContain(SECRET);
    assertThat(url.toString()).isEqualTo("postgresql://slipway@db.example.org:6543/slipway_prod")
        .doesNotContain(SECRET);
    assertThat(url.connectOptions().getPassword()).isEqualTo(SECRET);
  }

  @Test
  void acceptsPostgresSchemeDefaultPortIpv6AndSslMode() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://ana@[::1]/jobs?sslmode=require");
    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.password()).isEmpty();
    assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/jobs?sslmode=require");
    assertThat(DatabaseUrl.parse("postgresql://a:b@h/d?sslmode=disable").sslMode()).isEqualTo(SslMode.DISABLE);
    assertThat(DatabaseUrl.parse("postgresql://a:b@h/d").sslMode()).as("libpq's default").isEqualTo(SslMode.PREFER);
  }

  @Test
  void decodesAPercentEncodedUserAndPasswordAndKeepsAPlus() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://team%40corp:p%40ss%3Aw%2Frd+1%25@localhost:5432/slipway");
    assertThat(url.user()).isEqualTo("team@corp");
    assertThat(url.password()).isEqualTo("p@ss:w/rd+1%");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mysql://slipway:" + SECRET + "@localhost/slipway",
      "postgresql://slipway:" + SECRET + "@localhost:notaport/slipway",
      "postgresql://slipway:" + SECRET + "@localhost:5432",
      "postgresql://slipway:" + SECRET + "@localhost:5432/a/b",
      "postgresql://slipway:" + SECRET + "#x@localhost/slipway",
      "postgresql://slipway:" + SECRET + " x@localhost/slipway",
      "postgresql://slipway:" + SECRET + "%zz@localhost/slipway",
      "postgresql://:" + SECRET + "@localhost/slipway",
      "postgresql://slipway:" + SECRET + "@localhost/slipway?sslmode=sometimes",
      "postgresql://slipway:" + SECRET + "@localhost/slipway?sslmode=verify-full",
      "postgresql://slipway:" + SECRET + "@localhost/slipway?password=" + SECRET,
      "localhost:5432/slipway"})
  void aMalformedUrlSaysWhatIsWrongWithoutThePassword(String url) {
    assertThatThrownBy(() -> DatabaseUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLIPWAY_DATABASE_URL")
        .hasMessageContaining("postgresql://user:password@host:port/database")
        .hasMessageNotContaining(SECRET)
        .hasNoCause();
  }
}
