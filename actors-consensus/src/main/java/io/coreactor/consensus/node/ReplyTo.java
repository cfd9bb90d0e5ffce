package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.ForwardedReplies;
import io.coreactor.consensus.node.RaftNode.ForwardedReply;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where the answer to a proposal goes: the proposer's own ref, or the follower that forwarded
 * it in a {@link RaftNode.ForwardedBatch}, by the tag that follower gave it.
 */
sealed interface ReplyTo {

  void tell(ProposeReply reply);

  /** The proposer's own ref, on this node or a client's. */
  record Direct(ActorRef<ProposeReply> ref) implements ReplyTo {
    @Override
    public void tell(ProposeReply reply) {
      ref.tell(reply);
    }
  }

  /** Request {@code tag} of a batch that {@code follower} forwarded. */
  record Follower(ActorRef<RaftNode.Command> follower, long tag) implements ReplyTo {
    @Override
    public void tell(ProposeReply reply) {
      follower.tell(new ForwardedReplies(List.of(new ForwardedReply(tag, reply))));
    }
  }

  /** Answers collected while applying one batch of entries: one message per follower, not one per request. */
  final class Batch {
    private final Map<ActorRef<RaftNode.Command>, List<ForwardedReply>> byFollower = new HashMap<>();

    void add(ReplyTo to, ProposeReply reply) {
      if (to instanceof Follower f) {
        byFollower.computeIfAbsent(f.follower(), k -> new ArrayList<>()).add(new ForwardedReply(f.tag(), reply));
      } else {
        to.tell(reply);
      }
    }

    void send() {
      byFollower.forEach((follower, replies) -> follower.tell(new ForwardedReplies(replies)));
      byFollower.clear();
    }
  }
}
