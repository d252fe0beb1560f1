package pmgr.api;

import java.util.List;

/** A request that cannot be served: HTTP-like status, a message, and for bad input the list of problems. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<String> problems;

    public ApiException(int status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }

    /** Bad usage or input (exit code 2 on the command line). */
    public boolean isBadInput() {
        return status >= 400 && status < 500;
    }
}
