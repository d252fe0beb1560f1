package pmgr.sandbox.discord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects what JDA logs at WARN and above, to prove the fake's payloads parse cleanly. */
final class JdaLog extends AbstractAppender {
    private static final String JDA = "net.dv8tion";
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private JdaLog() {
        super("jda-warnings", null, null, true, Property.EMPTY_ARRAY);
    }

    static JdaLog capture() {
        JdaLog appender = new JdaLog();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig jda = new LoggerConfig(JDA, Level.INFO, true);
        jda.addAppender(appender, Level.WARN, null);
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
        warnings.add(event.getLevel() + " [" + event.getLoggerName() + "] " + event.getMessage().getFormattedMessage());
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
