package dev.slipway.domain;

import java.util.regex.Pattern;

/** The grammar Docker accepts for image references, container names and environment variable names. */
public final class Names {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String DOMAIN = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
  private static final Pattern TAG = Pattern.compile(
      "(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*(?::[\\w][\\w.-]{0,127})?");
  private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{12,64}");
  private static final Pattern DIGEST_REF = Pattern.compile("@sha256:[a-f0-9]{64}$");
  private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,127}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");

  private Names() {
  }

  /** A tag to give a built image, such as {@code ipython/notebook} or {@code registry:5000/team/app:1.2}. */
  public static String tag(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new BadRequest("a tag is required, such as ipython/notebook or app:1.0");
    }
    if (tag.length() > 255 || !TAG.matcher(tag).matches()) {
      throw new BadRequest("invalid tag '" + tag + "': use lowercase letters, digits and . _ - separated by /, "
          + "with an optional :version");
    }
    return tag;
  }

  /** An image to run: a tag, an id, or a reference with a digest. */
  public static String image(String image) {
    if (image == null || image.isBlank()) {
      throw new BadRequest("an image is required");
    }
    String withoutDigest = DIGEST_REF.matcher(image).replaceFirst("");
    if (IMAGE_ID.matcher(image).matches()) {
      return image;
    }
    tag(withoutDigest);
    return image;
  }

  /** An optional container name; null or blank means Docker picks one. */
  public static String container(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    if (!CONTAINER.matcher(name).matches()) {
      throw new BadRequest("invalid container name '" + name + "': start with a letter or digit, then letters, "
          + "digits and _ . - only");
    }
    return name;
  }

  public static String envName(String name) {
    if (name == null || !ENV.matcher(name).matches()) {
      throw new BadRequest("invalid environment variable name '" + name
          + "': use letters, digits and _, not starting with a digit");
    }
    return name;
  }
}
