package pmgr.engine;

import java.util.List;

/** Arguments or inputs that do not fit their declaration. Lists every problem, not just the first. */
public class ArgumentException extends RuntimeException {
    private final List<String> problems;

    public ArgumentException(String context, List<String> problems) {
        super(context + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
