package dev.slipway.bus;

/**
 * The event-bus API of Slipway: every address and the shape of every body. The README documents the same.
 *
 * <p>Public addresses (for other verticles):
 * <ul>
 *   <li>{@link #SUBMIT_BUILD} request {@code {"app", "tag", "buildArgs"?, "noCache"?}} or
 *       {@code {"contextFile", "tag", …}} (an archive the sender hands over; Slipway deletes it) → reply job</li>
 *   <li>{@link #SUBMIT_RUN} request {@code {"image", "name"?, "ports"?, "env"?, "secretEnv"?}} plus the run
 *       options of the README ({@code "command"?, "volumes"?, "memory"?, …}) → reply job</li>
 *   <li>{@link #SUBMIT_LAUNCH} request: a build request plus {@code "run": {…run request without image…}} → reply job</li>
 *   <li>{@link #CANCEL} request {@code {"id"}} → reply job</li>
 *   <li>{@link #GET} request {@code {"id"}} → reply job; {@link #LIST} request {@code {}} → {@code {"jobs": [job…]}}</li>
 *   <li>{@link #LOG} request {@code {"id", "after"?, "limit"?}} → {@code {"job", "lines": [{"n","stream","text"}…]}}</li>
 *   <li>{@link #SEARCH} request {@code {"id", "q", "regex"?, "matchCase"?, "after"?, "limit"?}} → {@code {"matches":
 *       [{"n", "text", "at": [[start, end]…]}…], "truncated", "stoppedBy"?, "nextAfter"?}}: the log's lines that
 *       match a text or a regular expression (see {@code store.LogSearch})</li>
 *   <li>{@link #jobLines(String)} published {@code {"lines": [{"n", "stream", "text"}…]}}: a batch of consecutive
 *       lines, in order, n from 1 across the job (subscribe, then read {@link #LOG} after your last line)</li>
 *   <li>{@link #jobState(String)} and {@link #STATES} published: the job, on every change</li>
 * </ul>
 * Failures come back as {@code ReplyException} with an HTTP-like failure code: 400 bad request, 404 unknown,
 * 409 conflict, 503 Docker engine not reachable.
 *
 * <p>Internal addresses (between the jobs verticle and the Docker worker) are listed below them.
 */
public final class Bus {
  public static final String SUBMIT_BUILD = "slipway.jobs.build";
  public static final String SUBMIT_RUN = "slipway.jobs.run";
  public static final String SUBMIT_LAUNCH = "slipway.jobs.launch";
  public static final String CANCEL = "slipway.jobs.cancel";
  public static final String GET = "slipway.jobs.get";
  public static final String LIST = "slipway.jobs.list";
  public static final String LOG = "slipway.jobs.log";
  public static final String SEARCH = "slipway.jobs.search";
  public static final String STATES = "slipway.jobs.states";

  /**
   * Every request names the user it acts for in this header; the receiver looks up the user's role and refuses
   * (401, 403) what the role does not allow.
   */
  public static final String USER_HEADER = "slipway-user";
  /** Optional: the client address a request came from, for the audit log. */
  public static final String ADDRESS_HEADER = "slipway-address";

  /**
   * The address {@code address} of node {@code node} alone: the Docker worker and the jobs owner of a node take their
   * internal work here, so a {@code send} reaches that node's engine, never a round-robin pick in the cluster.
   */
  public static String onNode(String node, String address) {
    return address + "@" + node;
  }

  /**
   * The public jobs address {@code address} as node {@code node} alone answers it: a node's own web side asks its own
   * jobs verticle (no hop to another node, and no wait on a node that has just died); what that node does not own it
   * hands on to the owner, as on the public address.
   */
  public static String desk(String node, String address) {
    return address + "@" + node + ".desk";
  }

  public static String jobLines(String jobId) {
    return "slipway.jobs." + jobId + ".lines";
  }

  public static String jobState(String jobId) {
    return "slipway.jobs." + jobId + ".state";
  }

  /** Docker worker: {@code {"jobId", "app"|"contextFile", "tag", "buildArgs", "noCache"}} → {@code {}} once accepted. */
  public static final String DOCKER_BUILD = "slipway.docker.build";
  /**
   * Docker worker: {@code {"jobId", "image", "name", "ports", "env", "secretEnv", "user", "command", "mounts",
   * "restartPolicy", "memory", "nanoCpus", "pidsLimit", "privileged", "networkMode", "capAdd", "devices"}} → {@code {}}
   * once accepted.
   */
  public static final String DOCKER_RUN = "slipway.docker.run";
  /** Docker worker: {@code {"jobId"}} → {@code {}}; the job then ends {@code cancelled}. */
  public static final String DOCKER_CANCEL = "slipway.docker.cancel";
  /** Docker worker: {@code {"id"}} → {@code {}}. */
  public static final String DOCKER_STOP = "slipway.docker.stop";
  public static final String DOCKER_REMOVE = "slipway.docker.remove";
  /**
   * Docker worker: {@code {"id"}} → {@code {}}: start a stopped container, or restart one (stopped as by
   * {@link #DOCKER_STOP}, so a run job that followed it ends cancelled, then started). Checked and audited as stop.
   */
  public static final String DOCKER_START = "slipway.docker.start";
  public static final String DOCKER_RESTART = "slipway.docker.restart";
  /**
   * Docker worker, consoles (a shell in a running container): {@code {"id", "cols", "rows", "to"}} → {@code {"session",
   * "container", "node"}} once the shell runs (404 no such container, 403 not the caller's, 409 not running).
   * Operators only in containers this Slipway started, admins in any; audited at its start and end, never what is
   * typed. The worker then sends the shell's output as {@code Buffer} requests to {@code to} (the web side's address
   * for that browser, {@code slipway.console.…}; header {@link #CONSOLE_KIND} {@code output}), a few unanswered at
   * most (the reply is the backpressure), and at the end one message of kind {@code end} whose body is the reason.
   */
  public static final String DOCKER_EXEC = "slipway.docker.exec";
  /**
   * Docker worker, per node: input to a console, header {@link #CONSOLE_SESSION}: kind {@code input} (a
   * {@code Buffer} of typed bytes; the reply comes once the shell has read them), {@code resize} ({@code
   * {"cols", "rows"}}), {@code ping} (whether the session is still there: 404 once it ended) or {@code close} (the
   * browser left: the shell and what it started are ended).
   */
  public static final String DOCKER_EXEC_INPUT = "slipway.docker.exec.input";
  public static final String CONSOLE_SESSION = "slipway-console";
  public static final String CONSOLE_KIND = "slipway-console-kind";
  /** Docker worker: {@code {"id"}} (an image id or tag) → {@code {}}; 409 while a container uses it. */
  public static final String DOCKER_REMOVE_IMAGE = "slipway.docker.images.remove";
  /**
   * Docker worker: {@code {"filter"?: "mine|slipway|all"}} → {@code {"images": […], "engine"}} /
   * {@code {"containers": […], "engine"}}; {@code engine} is the engine's id, the same for nodes that share one.
   */
  public static final String DOCKER_IMAGES = "slipway.docker.images";
  public static final String DOCKER_CONTAINERS = "slipway.docker.containers";
  /**
   * Docker worker: {@code {"jobId", "containerId", "resume": {"stdout"?: {"ts", "count"}, "stderr"?: …}, "lostWhy"}} → {@code {}} once it follows
   * the container again (409 when it already does); a container that is gone ends the job as failed.
   */
  public static final String DOCKER_REATTACH = "slipway.docker.reattach";
  /** Docker worker, published: the engine answers again after it did not. */
  public static final String ENGINE_BACK = "slipway.docker.engine-back";
  /**
   * Docker worker: {@code {"image"}} → {@code {"present": true|false}}: whether its engine has the image, so a run
   * goes to a node that can start it.
   */
  public static final String DOCKER_HAS_IMAGE = "slipway.docker.has-image";
  /**
   * Docker worker (forms slice): {@code {"image"?, "name"?, "ports": [{"hostIp"?, "hostPort", "protocol"}…]}} →
   * {@code {}} when a run could start, else fails 400 with the fields it cannot have ({@code BadRequest#wire}): an
   * image the engine lacks, a container name taken, a host port published by a container or in use on this host.
   */
  public static final String DOCKER_PRECHECK = "slipway.docker.precheck";
  /**
   * Docker worker (forms slice): {@code {"image"}} → {@code {"ports": ["8888/tcp"…], "labels": {…}}}, from the
   * image's inspect; 404 when the engine lacks it.
   */
  public static final String DOCKER_IMAGE_FACTS = "slipway.docker.image-facts";
  /** Docker worker: {@code {}} → {@code {"reachable", "version"?, "error"?, "host"}} from its last probe; never fails. */
  public static final String DOCKER_PING = "slipway.docker.ping";

  /**
   * Docker worker, follow any container's log (also one Slipway did not start): {@code {"id", "to", "tail"?, "since"?,
   * "follow"?}} → {@code {"id", "name", "running", "job"?}} (404 unknown). {@code to} is an address of the follower's
   * own, unique per subscription; {@code since} an engine time (RFC 3339, nanoseconds) after which to resume,
   * {@code tail} how many lines to start with (default all). A container a job of this Slipway ran is not followed:
   * the reply names the {@code job}, whose stored log is masked. Otherwise the worker then sends to {@code to}, as
   * requests, {@code {"lines": [{"stream", "text", "ts"}…]}} batches in order (an empty one every 15 s when idle), at
   * most 4 unanswered: reply to take the next, and a failed or missing reply stops the follow; at the log's end (the
   * container stopped, or {@code follow} false) {@code {"end": "logs", "error"?}} is sent.
   */
  public static final String DOCKER_FOLLOW_LOGS = "slipway.docker.follow-logs";
  /**
   * Docker worker: {@code {"id", "to"}} → {@code {}} (404 unknown, 409 not running): about once a second {@code {"stats":
   * {"cpuPercent", "memoryBytes", "memoryLimitBytes", "at"}}} to {@code to} (requests: a failed reply unsubscribes),
   * then {@code {"end": "stats"}} when the container stops. One engine stream per container, however many follow it.
   */
  public static final String DOCKER_FOLLOW_STATS = "slipway.docker.follow-stats";
  /** Docker worker: {@code {"to"}} → {@code {}}: stops the log follow and the stats that go to {@code to}. */
  public static final String DOCKER_UNFOLLOW = "slipway.docker.unfollow";

  /** A follower's own address for the two above; {@code subscription} unique (a UUID). The worker sends nowhere else. */
  public static String containerFollower(String subscription) {
    return "slipway.containers.follow." + subscription;
  }

  /**
   * Worker → jobs, request: an {@link OutputBatch} (typed, with its own codec), batches in order; the reply comes
   * once the batch is stored, and the worker keeps only a few batches unanswered (backpressure).
   */
  public static final String JOB_OUTPUT = "slipway.jobs.internal.output";
  /** Worker → jobs, point to point: {@code {"jobId", "state", "phase", "imageId"?, "containerId"?, "ports"?, "exitCode"?, "error"?}}. */
  public static final String JOB_UPDATE = "slipway.jobs.internal.update";

  /**
   * Jobs owner ↔ jobs owner, per node: {@code {"to", "max"}} → {@code {"ids": […]}}: up to {@code max} waiting builds
   * handed to node {@code to} (their rows already name it), which has room for them.
   */
  public static final String GIVE_QUEUED = "slipway.jobs.internal.give-queued";

  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int TOO_MANY = 429;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int ENGINE_UNREACHABLE = 503;

  private Bus() {
  }
}
