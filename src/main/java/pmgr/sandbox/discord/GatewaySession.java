package pmgr.sandbox.discord;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * A gateway session: its sequence numbers and the dispatches it was sent, kept so a RESUME can replay
 * what the client missed, including dispatches made while no connection was open. Guarded by the state lock.
 */
final class GatewaySession {
    private static final int HISTORY = 10_000;

    private record Dispatch(int seq, Map<String, Object> frame) {
    }

    final String id;
    final int intents;
    private final Deque<Dispatch> history = new ArrayDeque<>();
    private int seq;
    private GatewayConnection connection;

    GatewaySession(String id, int intents) {
        this.id = id;
        this.intents = intents;
    }

    boolean hasIntent(int intent) {
        return (intents & intent) != 0;
    }

    void dispatch(String type, Map<String, Object> data) {
        seq++;
        JsonMap frame = new JsonMap().with("op", 0).with("d", data).with("s", seq).with("t", type);
        history.addLast(new Dispatch(seq, frame));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        if (connection != null) {
            connection.send(frame);
        }
    }

    /** Sends what came after {@code lastSeen} over the new connection; false if that is no longer known. */
    boolean replayAfter(int lastSeen, GatewayConnection to) {
        if (lastSeen > seq || (!history.isEmpty() && history.peekFirst().seq() > lastSeen + 1)) {
            return false;
        }
        for (Dispatch d : history) {
            if (d.seq() > lastSeen) {
                to.send(d.frame());
            }
        }
        return true;
    }

    void attach(GatewayConnection to) {
        connection = to;
        to.session = this;
    }

    /** Stops sending to the current connection; later dispatches wait for a RESUME. */
    GatewayConnection detach() {
        GatewayConnection was = connection;
        connection = null;
        if (was != null) {
            was.session = null;
        }
        return was;
    }

    boolean carriedBy(GatewayConnection c) {
        return connection == c;
    }
}
