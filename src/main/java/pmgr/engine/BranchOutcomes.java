package pmgr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Aggregation strategy for parallel {@code split}/{@code multicast}: keeps each branch's outcome
 * (succeeded with its result, or failed with its error) as a list in the body, and logs failed
 * branches in the run. One failed branch does not fail the others or the step. Bean name
 * {@code branchOutcomes}.
 */
public final class BranchOutcomes implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        List<Map<String, Object>> outcomes = oldExchange == null ? new ArrayList<>()
                : (List<Map<String, Object>>) oldExchange.getMessage().getBody(List.class);
        if (newExchange == null) {
            return result;
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("branch", newExchange.getProperty(Exchange.SPLIT_INDEX, newExchange.getProperty(Exchange.MULTICAST_INDEX), Object.class));
        outcome.put("call", newExchange.getProperty(MethodInvoker.CALL, String.class));
        Exception error = newExchange.getException();
        if (error != null) {
            String message = Errors.describe(error);
            outcome.put("status", "FAILED");
            outcome.put("error", message);
            RunContext run = RunContext.of(newExchange);
            StepFrame frame = newExchange.getProperty(StepFrame.PROPERTY, StepFrame.class);
            if (run != null) {
                run.log(frame == null ? null : frame.seq(), null, "branch " + outcome.get("branch") + " failed: " + message);
            }
            newExchange.setException(null);
        } else {
            outcome.put("status", "SUCCEEDED");
            outcome.put("result", newExchange.getMessage().getBody());
        }
        synchronized (this) {
            outcomes.add(outcome);
        }
        result.getMessage().setBody(outcomes);
        return result;
    }
}
