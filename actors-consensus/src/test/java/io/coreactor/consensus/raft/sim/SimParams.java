package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.RaftConfig;
import java.util.SplittableRandom;

/**
 * Everything one simulated run is made of, drawn from its seed alone so that a seed replays
 * exactly: cluster size, Raft tunables, and the fault mix (network, crashes, workload).
 * Probabilities are per step unless they say "per message".
 */
record SimParams(
    long seed, String profile, int nodes, int steps,
    // Raft tunables
    int electionTick, int heartbeatTick, long maxSizePerMsg, int maxInflight, int chunkSize,
    boolean preVote, boolean checkQuorum, int maxUncommitted,
    // network, per message
    double drop, double duplicate, int maxDelay, double longDelay,
    // faults
    double partition, double crash, double crashMidReady, double deferReady, double minTickRate,
    // workload
    double propose, double read, double confChange, double transfer, double campaign, double snapshot,
    int maxPadding) {

  static final String[] PROFILES = {"calm", "lossy", "partitions", "crashes", "membership", "chaos"};

  static SimParams of(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int pick = r.nextInt(100);
    int nodes = pick < 15 ? 1 : pick < 60 ? 3 : 5;
    String profile = PROFILES[r.nextInt(PROFILES.length)];
    boolean chaos = profile.equals("chaos");
    int steps = nodes == 1 ? 200 + r.nextInt(400) : 400 + r.nextInt(1600);

    int election = 6 + r.nextInt(7);
    int heartbeat = r.nextInt(3) == 0 ? 2 : 1;
    long maxSize = choose(r, 64L, 600L, 1L << 20);
    int inflight = (int) choose(r, 1L, 4L, 256L);
    int chunk = (int) choose(r, 64L, 1024L, 1L << 20);
    boolean preVote = r.nextInt(10) < 8;
    boolean checkQuorum = r.nextInt(10) < 8;
    int maxUncommitted = r.nextInt(10) < 2 ? 20 : 0;

    double drop = 0;
    double dup = 0;
    int maxDelay = 1 + r.nextInt(3);
    double longDelay = 0;
    double partition = 0;
    double crash = 0;
    double crashMid = 0;
    double defer = r.nextDouble() * 0.2;
    double minTick = 0.8;
    double confChange = 0.002;
    double transfer = 0.002;
    double campaign = 0.001;
    if (profile.equals("lossy") || chaos) {
      drop = r.nextDouble() * 0.25;
      dup = r.nextDouble() * 0.15;
      maxDelay = 1 + r.nextInt(election / 2 + 1);
      longDelay = r.nextDouble() * 0.03;
    }
    if (profile.equals("partitions") || chaos) {
      partition = 0.005 + r.nextDouble() * 0.02;
      drop = Math.max(drop, r.nextDouble() * 0.03);
    }
    if (profile.equals("crashes") || chaos) {
      crash = 0.003 + r.nextDouble() * 0.015;
      crashMid = r.nextDouble() * 0.05;
      defer = 0.1 + r.nextDouble() * 0.4;
    }
    if (profile.equals("membership") || chaos) {
      confChange = 0.005 + r.nextDouble() * 0.03;
      transfer = 0.003 + r.nextDouble() * 0.02;
      campaign = r.nextDouble() * 0.005;
    }
    if (chaos) {
      minTick = 0.5;
    }
    double propose = 0.2 + r.nextDouble() * 0.8;
    double read = r.nextDouble() * 0.3;
    double snapshot = r.nextDouble() * 0.03;
    int padding = (int) choose(r, 0L, 40L, 300L);
    return new SimParams(seed, profile, nodes, steps, election, heartbeat, maxSize, inflight, chunk, preVote,
        checkQuorum, maxUncommitted, drop, dup, maxDelay, longDelay, partition, crash, crashMid, defer, minTick,
        propose, read, confChange, transfer, campaign, snapshot, padding);
  }

  /** The same run with frequent crashes, many of them between sending and persisting a Ready. */
  SimParams crashHeavy() {
    return new SimParams(seed, profile + "+crashes", nodes, steps, electionTick, heartbeatTick, maxSizePerMsg,
        maxInflight, chunkSize, preVote, checkQuorum, maxUncommitted, drop, duplicate, maxDelay, longDelay, partition,
        0.02, 1.0, 0.3, minTickRate, propose, read, confChange, transfer, campaign, snapshot, maxPadding);
  }

  RaftConfig raftConfig(long id) {
    return new RaftConfig(id, electionTick, heartbeatTick, maxSizePerMsg, maxInflight, checkQuorum, preVote,
        chunkSize, maxUncommitted);
  }

  private static long choose(SplittableRandom r, long a, long b, long c) {
    int i = r.nextInt(3);
    return i == 0 ? a : i == 1 ? b : c;
  }

  String summary() {
    return String.format("%s, %d node(s), %d steps, election %d/heartbeat %d ticks, msg %dB, inflight %d, "
            + "chunk %dB, preVote %s, checkQuorum %s, maxUncommitted %d, drop %.2f dup %.2f delay<=%d long %.3f, "
            + "partition %.3f crash %.3f midReady %.2f defer %.2f tickRate>=%.1f, propose %.2f read %.2f conf %.3f "
            + "transfer %.3f campaign %.3f snapshot %.3f padding %d",
        profile, nodes, steps, electionTick, heartbeatTick, maxSizePerMsg, maxInflight, chunkSize, preVote,
        checkQuorum, maxUncommitted, drop, duplicate, maxDelay, longDelay, partition, crash, crashMidReady,
        deferReady, minTickRate, propose, read, confChange, transfer, campaign, snapshot, maxPadding);
  }
}
