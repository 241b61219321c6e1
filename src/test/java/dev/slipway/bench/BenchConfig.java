package dev.slipway.bench;

import java.util.Map;

/**
 * Sizes of the scenarios: the sizes by default, smaller ones with {@code --quick} (a smoke test of about a
 * minute), each overridable by an environment variable ({@code BENCH_FANOUT_CLIENTS=200 bench/run fanout}).
 */
final class BenchConfig {
  final boolean quick;
  final int reps;
  final int replayLines;
  final int latencyRate;
  final int latencySeconds;
  final int latencyClients;
  final int fanoutClients;
  final int fanoutRate;
  final int fanoutSeconds;
  final int floodContainers;
  final int floodSeconds;
  final int idleConnections;
  final int idleSeconds;
  final int clusterClients;
  final int clusterRate;
  final int clusterSeconds;
  final int clusterBuilds;
  final int clusterSmallClients;

  BenchConfig(Map<String, String> env) {
    quick = "1".equals(env.get("BENCH_QUICK"));
    reps = size(env, "BENCH_REPS", 5, 2);
    replayLines = size(env, "BENCH_REPLAY_LINES", 200_000, 20_000);
    latencyRate = size(env, "BENCH_LATENCY_RATE", 1000, 1000);
    latencySeconds = size(env, "BENCH_LATENCY_SECONDS", 10, 2);
    latencyClients = size(env, "BENCH_LATENCY_CLIENTS", 1000, 50);
    fanoutClients = size(env, "BENCH_FANOUT_CLIENTS", 1000, 50);
    fanoutRate = size(env, "BENCH_FANOUT_RATE", 20_000, 2000);
    fanoutSeconds = size(env, "BENCH_FANOUT_SECONDS", 10, 2);
    floodContainers = size(env, "BENCH_FLOOD_CONTAINERS", 10, 2);
    floodSeconds = size(env, "BENCH_FLOOD_SECONDS", 60, 3);
    idleConnections = size(env, "BENCH_IDLE_CONNECTIONS", 10_000, 200);
    idleSeconds = size(env, "BENCH_IDLE_SECONDS", 10, 2);
    clusterClients = size(env, "BENCH_CLUSTER_CLIENTS", 1000, 60);
    clusterRate = size(env, "BENCH_CLUSTER_RATE", 5000, 1000);
    clusterSeconds = size(env, "BENCH_CLUSTER_SECONDS", 10, 3);
    clusterBuilds = size(env, "BENCH_CLUSTER_BUILDS", 12, 6);
    clusterSmallClients = size(env, "BENCH_CLUSTER_SMALL_CLIENTS", 60, 15);
  }

  private int size(Map<String, String> env, String name, int full, int small) {
    String value = env.get(name);
    return value == null || value.isBlank() ? (quick ? small : full) : Integer.parseInt(value.trim());
  }
}
