package pmgr.sandbox.discord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Takes over JDA's logging for a test class and keeps what hints at a payload JDA did not like: every
 * warning and error, and the debug lines where JDA drops or cannot place something it received.
 */
final class JdaLog extends AbstractAppender {
    private static final String JDA = "net.dv8tion";
    private static final Pattern SUSPICIOUS_DEBUG = Pattern.compile(
            "(?i)fail|unexpected|unrecogni[sz]ed|unknown|discard|dropping|ignoring|missing|without an attached");
    private final List<String> complaints = new CopyOnWriteArrayList<>();

    private JdaLog() {
        super("jda-complaints", null, null, true, Property.EMPTY_ARRAY);
    }

    static JdaLog capture() {
        JdaLog appender = new JdaLog();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig jda = new LoggerConfig(JDA, Level.DEBUG, false);
        jda.addAppender(appender, Level.DEBUG, null);
        config.addLogger(JDA, jda);
        context.updateLoggers();
        return appender;
    }

    void detach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(JDA);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        if (event.getLevel().isMoreSpecificThan(Level.WARN) || SUSPICIOUS_DEBUG.matcher(message).find()) {
            complaints.add(event.getLevel() + " [" + event.getLoggerName() + "] " + message
                    + (event.getThrown() == null ? "" : " " + event.getThrown()));
        }
    }

    List<String> complaints() {
        return List.copyOf(complaints);
    }
}
