package dev.slipway.builds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Tars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ContextDigestTest {
  private static final String DOCKERFILE = "FROM slipway/busybox:test\nCOPY a.txt /a.txt\n";

  private static ContextDigest.Result digest(byte[] archive) throws IOException {
    return ContextDigest.of(new ByteArrayInputStream(archive));
  }

  @Test
  void theSameFilesGiveTheSameDigestsWhateverTheOrderTimesOrCompression() throws Exception {
    byte[] one = Tars.builder().file("Dockerfile", DOCKERFILE).file("a.txt", "a\n").bytes();
    byte[] other = Tars.builder().file("./a.txt", "a\n").file("./Dockerfile", DOCKERFILE).bytes();

    ContextDigest.Result result = digest(one);
    assertThat(result.context()).startsWith("sha256:").hasSize(71);
    assertThat(digest(other)).isEqualTo(result);
    assertThat(digest(Tars.gzip(one))).isEqualTo(result);
    assertThat(result.dockerfile()).isEqualTo("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(DOCKERFILE.getBytes())));
    assertThat(result.dockerfileText()).isEqualTo(DOCKERFILE);
  }

  @Test
  void aChangedByteAModeOrAnotherFileChangesTheContextDigestOnly() throws Exception {
    ContextDigest.Result base = digest(Tars.builder().file("Dockerfile", DOCKERFILE).file("a.txt", "a\n").bytes());

    ContextDigest.Result changed = digest(Tars.builder().file("Dockerfile", DOCKERFILE).file("a.txt", "b\n").bytes());
    ContextDigest.Result added = digest(Tars.builder().file("Dockerfile", DOCKERFILE).file("a.txt", "a\n")
        .file("b.txt", "").bytes());
    ContextDigest.Result executable = digest(Tars.builder().file("Dockerfile", DOCKERFILE)
        .file("a.txt", "a\n".getBytes(), 0755).bytes());

    for (ContextDigest.Result other : new ContextDigest.Result[] {changed, added, executable}) {
      assertThat(other.context()).isNotEqualTo(base.context());
      assertThat(other.dockerfile()).isEqualTo(base.dockerfile());
    }
  }
}
