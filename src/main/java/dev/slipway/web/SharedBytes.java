package dev.slipway.web;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written to many connections at once, held once. Netty copies a heap buffer into direct memory for every
 * connection it is written to, so a batch written to 1,000 followers would be held 1,000 times while their queues
 * drain (and direct memory, capped at the heap's size, ran out under a fan-out: allocation then blocks the event loop
 * in full GCs). A buffer that is direct already is written as is: every connection reads the same memory. The
 * memory is the JDK's own direct buffer, freed by its cleaner when the last connection let go of it.
 *
 * <p>Uses Vert.x's {@code internal} buffer API (for integrations; Vert.x 5 has no public way to wrap a Netty buffer).
 */
final class SharedBytes {
  private SharedBytes() {
  }

  static Buffer of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
  }
}
