package dev.slipway.auth;

import static dev.slipway.testing.SlipwayServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Config;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import dev.slipway.store.Database;
import dev.slipway.testing.Postgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users, sessions and API tokens on a real PostgreSQL, through the same code and SQL as on H2. */
class PostgresAccountsTest {
  private Vertx vertx;
  private String url;
  private Pool db;
  private Users users;
  private Sessions sessions;
  private ApiTokens tokens;

  @BeforeEach
  void freshDatabase() {
    vertx = Vertx.vertx();
    url = Postgres.freshDatabase();
    JsonObject config = new JsonObject().put(Config.DATABASE_URL, url);
    await(Database.migrate(vertx, config));
    db = Database.pool(vertx, config, 2, "sql-test");
    await(AdminBootstrap.ensureAdmin(vertx, db, "first-admin-password"));
    users = new Users(vertx, db);
    sessions = new Sessions(vertx, db);
    tokens = new ApiTokens(vertx, db);
  }

  @AfterEach
  void dropIt() {
    await(vertx.close());
    Postgres.drop(url);
  }

  @Test
  void usersAreCreatedListedChangedAndTheLastAdminStays() {
    assertThat(await(users.find("admin")).role()).isEqualTo(Role.ADMIN);
    await(AdminBootstrap.ensureAdmin(vertx, db, "ignored-second-time"));
    await(users.create("ana", "ana-password", Role.OPERATOR));
    assertThatThrownBy(() -> await(users.create("ana", "other-password", Role.VIEWER)))
        .isInstanceOf(BadRequest.class).hasMessageContaining("already a user named 'ana'");
    var racing = List.of(users.create("bob", "bob-password-1", Role.VIEWER),
        users.create("bob", "bob-password-2", Role.VIEWER));
    await(Future.join(racing).otherwiseEmpty());
    assertThat(racing).as("the primary key refuses the second of two at once").filteredOn(Future::succeeded).hasSize(1);
    assertThat(racing).filteredOn(Future::failed).singleElement()
        .satisfies(f -> assertThat(f.cause()).hasMessageContaining("already a user named 'bob'"));
    assertThat(await(users.list())).extracting(Users.Account::name).containsExactly("admin", "ana", "bob");

    await(users.setRole("ana", Role.VIEWER));
    assertThat(await(users.find("ana")).role()).isEqualTo(Role.VIEWER);
    String before = await(users.find("ana")).passwordHash();
    await(users.setPassword("ana", "new-ana-password"));
    assertThat(await(users.find("ana")).passwordHash()).isNotEqualTo(before);
    assertThat(Passwords.verify("new-ana-password", await(users.find("ana")).passwordHash())).isTrue();

    assertThatThrownBy(() -> await(users.delete("admin"))).hasMessageContaining("last admin");
    assertThatThrownBy(() -> await(users.setRole("admin", Role.VIEWER))).hasMessageContaining("last admin");
    assertThatThrownBy(() -> await(users.delete("nobody"))).hasMessageContaining("no user named 'nobody'");
    await(users.delete("ana"));
    assertThat(await(users.find("ana"))).isNull();
  }

  @Test
  void aNameWithANulCharacterIsAnUnknownUserNotADatabaseError() {
    assertThat(await(users.find("ad\0min"))).isNull();
    assertThatThrownBy(() -> await(new CallerLookup(db).byName("ad\0min"))).hasMessageContaining("no user named");
  }

  @Test
  void aSessionLivesInTheDatabaseEndsWhenItExpiresAndGoesWithItsUser() throws Exception {
    await(users.create("ana", "ana-password", Role.OPERATOR));
    String id = await(sessions.create("ana"));
    String other = await(sessions.create("ana"));
    Sessions.Session found = await(sessions.find(id));
    assertThat(found.caller()).isEqualTo(new Caller("ana", Role.OPERATOR));
    assertThat(found.idHash()).isEqualTo(Sha256.hex(id));

    await(sessions.endAllOf("ana", found.idHash()));
    assertThat(await(sessions.find(other))).as("ended").isNull();
    assertThat(await(sessions.find(id))).as("kept").isNotNull();

    long now = System.currentTimeMillis();
    jdbc("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", now - Sessions.IDLE.toMillis() - 1, found.idHash());
    assertThat(await(sessions.find(id))).as("idle too long").isNull();

    String third = await(sessions.create("ana"));
    jdbc("UPDATE sessions SET created_at = ? WHERE id_hash = ?", now - Sessions.ABSOLUTE.toMillis() - 1,
        Sha256.hex(third));
    assertThat(await(sessions.sweep())).isEqualTo(1);
    assertThat(await(sessions.find(third))).isNull();

    String last = await(sessions.create("ana"));
    await(users.delete("ana"));
    assertThat(await(sessions.find(last))).as("gone with its user").isNull();
  }

  @Test
  void aTokenIsFoundByItsHashListedRevokedAndGoesWithItsUser() {
    await(users.create("ana", "ana-password", Role.OPERATOR));
    JsonObject made = await(tokens.create("ana", "ci"));
    String token = made.getString("token");
    assertThat(await(tokens.find(token))).isEqualTo(new Caller("ana", Role.OPERATOR));
    assertThat(await(tokens.list("ana"))).singleElement()
        .satisfies(t -> assertThat(t.getString("name")).isEqualTo("ci"))
        .satisfies(t -> assertThat(t.getString("lastUsedAt")).isNotNull())
        .satisfies(t -> assertThat(t.containsKey("token")).isFalse());

    await(users.setRole("ana", Role.VIEWER));
    assertThat(await(tokens.find(token)).role()).as("the role of the moment").isEqualTo(Role.VIEWER);

    assertThatThrownBy(() -> await(tokens.revoke(new Caller("bob", Role.OPERATOR), made.getString("id"))))
        .hasMessageContaining("no token");
    assertThat(await(tokens.revoke(new Caller("ana", Role.VIEWER), made.getString("id"))).getString("user"))
        .isEqualTo("ana");
    assertThat(await(tokens.find(token))).isNull();

    String second = await(tokens.create("ana", "laptop")).getString("token");
    await(users.delete("ana"));
    assertThat(await(tokens.find(second))).isNull();
  }

  /** Changes rows behind Slipway's back (to age them), over plain JDBC. */
  private void jdbc(String sql, Object... params) throws Exception {
    try (Connection jdbc = Postgres.connect(url); PreparedStatement statement = jdbc.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }
}
