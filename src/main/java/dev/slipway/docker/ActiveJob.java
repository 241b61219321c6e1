package dev.slipway.docker;

/** A build or run the worker is carrying out; cancel may come from any thread and at any time. */
interface ActiveJob {
  /** Blocking; called once, after the job was registered, so a cancel can never miss it. */
  void start();

  void cancel();

  /**
   * Lets go of the job without reporting an end, because Slipway stops or lost the engine: a run's container runs
   * on and is taken up again later; a build is closed (the next start ends it as failed). {@code why}, when not
   * null, goes to the job's log.
   */
  void detach(String why);

  /** Ends the job as failed because it ran out of time; a no-op for jobs without a time limit. */
  default void timeOut(String why) {
  }
}
