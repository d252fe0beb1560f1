package pmgr.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * Log layout converters that mask secrets: {@code %mm} (the message) and {@code %mex} (the
 * exception with its stack trace). Used by log4j2.properties, so no log line can carry a known secret.
 */
public final class MaskingConverters {
    private MaskingConverters() {
    }

    @Plugin(name = "MaskedMessage", category = PatternConverter.CATEGORY)
    @ConverterKeys({"mm"})
    public static final class Message extends LogEventPatternConverter {
        private Message() {
            super("MaskedMessage", "message");
        }

        public static Message newInstance(String[] options) {
            return new Message();
        }

        @Override
        public void format(LogEvent event, StringBuilder out) {
            out.append(Secrets.mask(event.getMessage().getFormattedMessage()));
        }
    }

    @Plugin(name = "MaskedException", category = PatternConverter.CATEGORY)
    @ConverterKeys({"mex"})
    public static final class Failure extends LogEventPatternConverter {
        private Failure() {
            super("MaskedException", "throwable");
        }

        public static Failure newInstance(String[] options) {
            return new Failure();
        }

        @Override
        public boolean handlesThrowable() {
            return true;
        }

        @Override
        public void format(LogEvent event, StringBuilder out) {
            Throwable t = event.getThrown();
            if (t != null) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                out.append(Secrets.mask(w.toString()));
            }
        }
    }
}
