package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Slipway's portable SQL numbers its placeholders for PostgreSQL, and leaves quoted text and comments alone. */
class PlaceholdersTest {
  @Test
  void eachPlaceholderGetsItsNumberInOrder() {
    assertThat(Placeholders.numbered("UPDATE jobs SET state = ?, lines = ? WHERE id = ?"))
        .isEqualTo("UPDATE jobs SET state = $1, lines = $2 WHERE id = $3");
    assertThat(Placeholders.numbered("SELECT id FROM jobs ORDER BY created_at DESC LIMIT ? OFFSET ?"))
        .isEqualTo("SELECT id FROM jobs ORDER BY created_at DESC LIMIT $1 OFFSET $2");
  }

  @Test
  void aQuestionMarkInALiteralAQuotedNameOrACommentIsText() {
    assertThat(Placeholders.numbered("SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE a = ? -- why?\nAND b = ?"))
        .isEqualTo("SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE a = $1 -- why?\nAND b = $2");
    assertThat(Placeholders.numbered("SELECT /* a ? here */ x FROM t WHERE y LIKE ? ESCAPE '!'"))
        .isEqualTo("SELECT /* a ? here */ x FROM t WHERE y LIKE $1 ESCAPE '!'");
  }

  @Test
  void sqlWithoutPlaceholdersOrAlreadyNumberedComesBackAsItIs() {
    String numbered = "INSERT INTO log_lines (job_id, n) VALUES ($1, $2)";
    assertThat(Placeholders.numbered(numbered)).isSameAs(numbered);
    String plain = "SELECT COUNT(*) FROM users WHERE role = 'admin'";
    assertThat(Placeholders.numbered(plain)).isSameAs(plain);
  }
}
