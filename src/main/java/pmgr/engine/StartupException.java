package pmgr.engine;

import java.util.List;

/** The configuration (definitions, workflows) is wrong; the application does not start. */
public class StartupException extends RuntimeException {
    private final List<String> problems;

    public StartupException(String what, List<String> problems) {
        super(what + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
