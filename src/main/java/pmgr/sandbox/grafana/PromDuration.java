package pmgr.sandbox.grafana;

import java.util.regex.Pattern;

/** Prometheus's duration syntax ("5m", "1h30m", "0s", "0"), which the "for" of an alert rule must follow. */
final class PromDuration {
    private static final Pattern SYNTAX = Pattern.compile(
            "(\\d+y)?(\\d+w)?(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?");

    private PromDuration() {
    }

    static boolean valid(String text) {
        return text.equals("0") || (!text.isEmpty() && SYNTAX.matcher(text).matches());
    }
}
