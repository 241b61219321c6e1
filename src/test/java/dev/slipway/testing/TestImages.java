package dev.slipway.testing;

import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Fixture images built straight on the engine (not through Slipway), from the busybox base. */
public final class TestImages {
  private TestImages() {
  }

  public static String build(String tag, byte[] context) {
    DockerEngine.require();
    return DockerEngine.client().buildImageCmd(new ByteArrayInputStream(context)).withTags(Set.of(tag))
        .start().awaitImageId(2, TimeUnit.MINUTES);
  }

  /** An image whose command is {@code sh -c script}. */
  public static String shell(String tag, String script) {
    String quoted = script.replace("\\", "\\\\").replace("\"", "\\\"");
    return build(tag, Tars.dockerfile("FROM " + DockerEngine.BUSYBOX + "\nCMD [\"sh\", \"-c\", \"" + quoted + "\"]\n"));
  }

  public static void remove(String tag) {
    try {
      DockerEngine.client().removeImageCmd(tag).withForce(true).exec();
    } catch (RuntimeException alreadyGone) {
      // nothing to clean
    }
  }
}
