package dev.slipway.docker;

/** A build or run the worker is carrying out; cancel may come from any thread and at any time. */
interface ActiveJob {
  /** Blocking; called once, after the job was registered, so a cancel can never miss it. */
  void start();

  void cancel();

  /** Ends the job as failed because it ran out of time; a no-op for jobs without a time limit. */
  default void timeOut(String why) {
  }
}
