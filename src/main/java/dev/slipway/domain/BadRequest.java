package dev.slipway.domain;

/** A request that cannot be carried out as given; its message is shown to the user as it stands. */
public final class BadRequest extends RuntimeException {
  private final int code;

  public BadRequest(String message) {
    this(400, message);
  }

  public BadRequest(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
