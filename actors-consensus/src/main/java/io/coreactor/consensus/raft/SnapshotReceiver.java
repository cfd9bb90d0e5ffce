package io.coreactor.consensus.raft;

import io.coreactor.consensus.raft.RaftMessage.InstallSnapshot;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshotResponse;
import java.io.ByteArrayOutputStream;

/**
 * A follower's receipt of a chunked snapshot: chunks must arrive in order; a missing or
 * repeated chunk is answered with the offset the follower actually holds, so the leader
 * resends from there. The whole snapshot is installed once its last chunk arrives.
 */
final class SnapshotReceiver {

  private final RaftCore core;
  private SnapshotMeta meta;
  private ByteArrayOutputStream buffer;

  SnapshotReceiver(RaftCore core) {
    this.core = core;
  }

  void receive(InstallSnapshot m) {
    long index = m.meta().index();
    if (index <= core.log.committed) {
      reset();
      reply(m, index, 0, true, core.log.committed);
      return;
    }
    if (m.offset() == 0) {
      meta = m.meta();
      buffer = new ByteArrayOutputStream();
    } else if (meta == null || !meta.equals(m.meta()) || buffer.size() != m.offset()) {
      long have = meta != null && meta.equals(m.meta()) ? buffer.size() : 0;
      reply(m, index, have, false, 0);
      return;
    }
    buffer.writeBytes(m.chunk());
    if (!m.done()) {
      reply(m, index, buffer.size(), false, 0);
      return;
    }
    Snapshot snapshot = new Snapshot(meta, buffer.toByteArray());
    reset();
    long last = install(snapshot);
    reply(m, index, snapshot.data().length, true, last);
  }

  /** Installs a whole snapshot; returns the index the log now reaches through it. */
  private long install(Snapshot snap) {
    SnapshotMeta meta = snap.meta();
    RaftLog log = core.log;
    if (meta.index() <= log.committed) {
      return log.committed;
    }
    if (log.matchTerm(meta.index(), meta.term())) {
      // We hold the snapshot's last entry already: only the commit index moves.
      log.commitTo(meta.index());
      return meta.index();
    }
    log.restore(meta);
    core.snapshot = snap;
    core.pendingSnapshot = snap;
    core.resetConf(meta);
    return meta.index();
  }

  private void reply(InstallSnapshot m, long index, long offset, boolean installed, long last) {
    core.send(new InstallSnapshotResponse(core.id, m.from(), core.term, index, offset, installed, last));
  }

  private void reset() {
    meta = null;
    buffer = null;
  }
}
