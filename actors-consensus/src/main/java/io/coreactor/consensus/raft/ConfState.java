package io.coreactor.consensus.raft;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A cluster configuration: the voters (who elect and commit) and the learners (who only
 * receive the log). Sets are sorted so that iteration, and therefore simulation, is
 * deterministic.
 */
public record ConfState(SortedSet<Long> voters, SortedSet<Long> learners) {

  public static final ConfState EMPTY = new ConfState(new TreeSet<>(), new TreeSet<>());

  public ConfState {
    voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters == null ? Collections.emptySet() : voters));
    learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners == null ? Collections.emptySet() : learners));
    if (voters.stream().anyMatch(learners::contains)) {
      throw new IllegalArgumentException("a node is both voter and learner: " + voters + " " + learners);
    }
  }

  public static ConfState ofVoters(Collection<Long> voters) {
    return new ConfState(new TreeSet<>(voters), new TreeSet<>());
  }

  public boolean isVoter(long id) {
    return voters.contains(id);
  }

  public boolean isLearner(long id) {
    return learners.contains(id);
  }

  public boolean isMember(long id) {
    return isVoter(id) || isLearner(id);
  }

  /** All members, voters first, each set in ascending order. */
  public SortedSet<Long> members() {
    TreeSet<Long> all = new TreeSet<>(voters);
    all.addAll(learners);
    return all;
  }

  /** The configuration after applying one change. */
  public ConfState apply(ConfChange change) {
    TreeSet<Long> v = new TreeSet<>(voters);
    TreeSet<Long> l = new TreeSet<>(learners);
    long id = change.nodeId();
    switch (change.type()) {
      case ADD_VOTER -> { l.remove(id); v.add(id); }
      case ADD_LEARNER -> { if (!v.contains(id)) { l.add(id); } }
      case REMOVE -> { v.remove(id); l.remove(id); }
    }
    return new ConfState(v, l);
  }
}
