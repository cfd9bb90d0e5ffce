package io.coreactor.multijvm.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a history of register operations is linearizable: the Wing and Gong search
 * with Lowe's memoization of (linearized set, state) pairs, as Knossos and Porcupine do it,
 * run separately per key (linearizability is compositional). Operations known to have failed
 * are dropped; reads with an unknown outcome tell nothing and are dropped; other operations
 * with an unknown outcome may take effect at any point after their invocation, or never.
 */
public final class LinearizabilityChecker {

  private final long maxStepsPerKey;

  /** @param maxStepsPerKey search budget per key; past it the verdict is UNKNOWN */
  public LinearizabilityChecker(long maxStepsPerKey) {
    this.maxStepsPerKey = maxStepsPerKey;
  }

  public LinearizabilityChecker() {
    this(5_000_000);
  }

  /** Checks a whole history; every key starts absent. */
  public CheckResult check(List<Operation> history) {
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history) {
      if (op.outcome() == Operation.Outcome.FAIL
          || (op.outcome() == Operation.Outcome.UNKNOWN && op.kind() == Operation.Kind.READ)) {
        continue;
      }
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    int ops = 0;
    boolean unknown = false;
    for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
      ops += e.getValue().size();
      KeySearch search = new KeySearch(e.getValue(), maxStepsPerKey);
      CheckResult.Verdict v = search.run();
      if (v == CheckResult.Verdict.NOT_LINEARIZABLE) {
        return new CheckResult(v, byKey.size(), ops, e.getKey(), search.longest, search.stuck,
            search.explain(e.getKey()));
      }
      unknown |= v == CheckResult.Verdict.UNKNOWN;
    }
    CheckResult.Verdict verdict = unknown ? CheckResult.Verdict.UNKNOWN : CheckResult.Verdict.LINEARIZABLE;
    return new CheckResult(verdict, byKey.size(), ops, null, List.of(), List.of(),
        unknown ? "search budget exceeded on some key" : "linearizable");
  }

  /** One key's search over a doubly linked list of call and return events. */
  private static final class KeySearch {

    private static final class Node {
      final Operation op;
      final boolean call;
      final int index;
      Node match;
      Node prev;
      Node next;

      Node(Operation op, boolean call, int index) {
        this.op = op;
        this.call = call;
        this.index = index;
      }
    }

    private record Frame(Node call, String state) {}

    private final Node head = new Node(null, false, -1);
    private final long maxSteps;
    private final int count;
    List<Operation> longest = List.of();
    List<Operation> stuck = List.of();

    KeySearch(List<Operation> ops, long maxSteps) {
      this.maxSteps = maxSteps;
      this.count = ops.size();
      List<Node> events = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        Node call = new Node(ops.get(i), true, i);
        Node ret = new Node(ops.get(i), false, i);
        call.match = ret;
        events.add(call);
        events.add(ret);
      }
      // Calls sort before returns at the same instant: such operations count as concurrent.
      events.sort(Comparator.<Node>comparingLong(n -> n.call ? n.op.invokedAt() : n.op.returnedAt())
          .thenComparing(n -> n.call ? 0 : 1));
      Node last = head;
      for (Node n : events) {
        last.next = n;
        n.prev = last;
        last = n;
      }
    }

    CheckResult.Verdict run() {
      Map<BitSet, Set<String>> seen = new HashMap<>();
      ArrayDeque<Frame> calls = new ArrayDeque<>();
      BitSet linearized = new BitSet(count);
      String state = null;
      Node entry = head.next;
      long steps = 0;
      while (head.next != null) {
        if (++steps > maxSteps) {
          return CheckResult.Verdict.UNKNOWN;
        }
        if (entry.call) {
          RegisterModel.Step step = RegisterModel.step(state, entry.op);
          if (step.possible()) {
            BitSet next = (BitSet) linearized.clone();
            next.set(entry.index);
            if (seen.computeIfAbsent(next, k -> new HashSet<>()).add(Objects.toString(step.state(), "\0null"))) {
              calls.push(new Frame(entry, state));
              state = step.state();
              linearized = next;
              lift(entry);
              if (calls.size() > longest.size()) {
                longest = inOrder(calls);
              }
              entry = head.next;
              continue;
            }
          }
          entry = entry.next;
        } else {
          // An operation returned before any order could place it: undo the latest choice.
          if (calls.isEmpty()) {
            if (longest.isEmpty()) {
              recordStuck(); // nothing could ever go first
            }
            return CheckResult.Verdict.NOT_LINEARIZABLE;
          }
          if (calls.size() >= longest.size()) {
            recordStuck();
          }
          Frame top = calls.pop();
          state = top.state();
          linearized.clear(top.call().index);
          unlift(top.call());
          entry = top.call().next;
        }
      }
      return CheckResult.Verdict.LINEARIZABLE;
    }

    private static List<Operation> inOrder(ArrayDeque<Frame> calls) {
      List<Operation> out = new ArrayList<>(calls.size());
      calls.descendingIterator().forEachRemaining(f -> out.add(f.call().op));
      return out;
    }

    private void recordStuck() {
      List<Operation> pending = new ArrayList<>();
      for (Node n = head.next; n != null; n = n.next) {
        if (n.call) {
          pending.add(n.op);
        } else {
          break;
        }
      }
      stuck = pending;
    }

    private static void lift(Node call) {
      call.prev.next = call.next;
      call.next.prev = call.prev;
      Node ret = call.match;
      ret.prev.next = ret.next;
      if (ret.next != null) {
        ret.next.prev = ret.prev;
      }
    }

    private static void unlift(Node call) {
      Node ret = call.match;
      ret.prev.next = ret;
      if (ret.next != null) {
        ret.next.prev = ret;
      }
      call.prev.next = call;
      call.next.prev = call;
    }

    String explain(String key) {
      StringBuilder b = new StringBuilder();
      b.append("key ").append(key).append(" is not linearizable.\n");
      b.append("Longest linearization found (").append(longest.size()).append(" of ").append(count)
          .append(" operations):\n");
      String state = null;
      for (Operation op : longest) {
        state = RegisterModel.step(state, op).state();
        b.append("  ").append(op).append("   => ").append(state).append('\n');
      }
      b.append("From there (value ").append(state).append(") none of these can come next:\n");
      for (Operation op : stuck) {
        b.append("  ").append(op).append('\n');
      }
      return b.toString();
    }
  }
}
