package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every wrong field of a request is named, and the names travel over the event bus with the refusal. */
class FieldErrorsTest {
  @Test
  void everyRefusedFieldIsKeptInOrderUnderItsPrefix() {
    FieldErrors errors = new FieldErrors("run.");
    errors.check("ports", () -> {
      throw new BadRequest("bad port");
    });
    assertThat(errors.read("name", () -> "fine")).isEqualTo("fine");
    errors.add("options", new BadRequest(400, "two", Map.of("memory", "bad memory")));

    assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(BadRequest.class, e -> {
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.getMessage()).isEqualTo("bad port; two");
      assertThat(e.fields()).containsExactly(Map.entry("run.ports", "bad port"), Map.entry("run.memory", "bad memory"));
    });
  }

  @Test
  void aRefusalThatIsNotAboutAFieldStopsAtOnce() {
    FieldErrors errors = new FieldErrors();
    assertThatThrownBy(() -> errors.check("image", () -> {
      throw new BadRequest(403, "only an admin may");
    })).hasMessage("only an admin may");
  }

  @Test
  void theFieldsTravelAfterTheMessageAndComeBack() {
    BadRequest refusal = new BadRequest(400, "a; b", Map.of("ports", "a"));

    BadRequest back = BadRequest.fromWire(400, refusal.wire());

    assertThat(refusal.wire()).startsWith("a; b\n");
    assertThat(back.getMessage()).isEqualTo("a; b");
    assertThat(back.fields()).isEqualTo(Map.of("ports", "a"));
    assertThat(BadRequest.fromWire(409, "plain").fields()).isEmpty();
    assertThat(new BadRequest("plain").wire()).isEqualTo("plain");
  }
}
