package dev.slipway.bench;

/** One measured scenario; it adds its rows to the table and removes what it started. */
interface Scenario {
  String name();

  void run(Bench bench, Table table) throws Exception;
}
