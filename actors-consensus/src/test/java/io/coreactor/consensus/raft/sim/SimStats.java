package io.coreactor.consensus.raft.sim;

/** Counters of one run (or, summed, of a batch). */
final class SimStats {
  long steps;
  long proposalsAccepted;
  long proposalsAcknowledged;
  long leaderTerms;
  long readsRequested;
  long readsReleased;
  long confChangesProposed;
  long confChangesApplied;
  long transfers;
  long snapshots;
  long snapshotsInstalled;
  long crashes;
  long readiesLost;
  long partitions;
  long messages;
  long leaderTicks;

  void add(SimStats o) {
    steps += o.steps;
    proposalsAccepted += o.proposalsAccepted;
    proposalsAcknowledged += o.proposalsAcknowledged;
    leaderTerms += o.leaderTerms;
    readsRequested += o.readsRequested;
    readsReleased += o.readsReleased;
    confChangesProposed += o.confChangesProposed;
    confChangesApplied += o.confChangesApplied;
    transfers += o.transfers;
    snapshots += o.snapshots;
    snapshotsInstalled += o.snapshotsInstalled;
    crashes += o.crashes;
    readiesLost += o.readiesLost;
    partitions += o.partitions;
    messages += o.messages;
    leaderTicks = Math.max(leaderTicks, o.leaderTicks);
  }

  @Override
  public String toString() {
    return proposalsAcknowledged + " proposals acknowledged (of " + proposalsAccepted + " accepted), "
        + leaderTerms + " leader terms, " + readsReleased + "/" + readsRequested + " reads released, "
        + confChangesApplied + " membership changes applied (" + confChangesProposed + " proposed), "
        + transfers + " transfers asked, " + snapshots + " snapshots taken, " + snapshotsInstalled
        + " installed from a leader, " + crashes + " crashes (" + readiesLost + " with a Ready being persisted), "
        + partitions + " partitions, " + messages + " messages, " + steps + " steps; slowest election after heal "
        + leaderTicks + " ticks";
  }
}
