package dev.slipway.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what a console left running in its container. The engine does not end an exec's process when its connection
 * closes (the shell, and whatever runs in it, would live on), so each process of a session carries a marker in its
 * environment (children inherit it), and a short exec as root finds them by it: SIGHUP, as a terminal's hangup, then
 * SIGKILL a second later for those that ignore it. Needs {@code sh}, {@code tr}, {@code grep} and {@code kill} in the
 * container; where they are missing, the processes stay, and the log says so.
 */
final class ConsoleLeftovers {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleLeftovers.class);

  private ConsoleLeftovers() {
  }

  /** Blocking, bounded: {@code marker} is {@code NAME=value}, exactly as in the processes' environment. */
  static void end(DockerClients docker, String container, String name, String execId, String marker) {
    try {
      if (!Boolean.TRUE.equals(docker.control().inspectExecCmd(execId).exec().isRunning())) {
        return;
      }
      String find = "$(for d in /proc/[0-9]*; do tr '\\0' '\\n' < $d/environ 2>/dev/null | grep -qx '" + marker
          + "' && echo ${d#/proc/}; done)";
      String script = "p=" + find + "; [ -n \"$p\" ] && kill -HUP $p; sleep 1; p=" + find
          + "; [ -n \"$p\" ] && kill -KILL $p; true";
      String killer = docker.control().execCreateCmd(container).withUser("0").withCmd("/bin/sh", "-c", script)
          .withAttachStdout(true).withAttachStderr(true).exec().getId();
      if (!docker.control().execStartCmd(killer).exec(new ResultCallback.Adapter<Frame>())
          .awaitCompletion(15, TimeUnit.SECONDS)) {
        LOG.warn("ending a console's processes in {} took longer than 15 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("could not end a console's processes in {}: {}", name, DockerErrors.describe(e));
    }
  }
}
