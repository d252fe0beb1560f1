package pmgr.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one argument of a model's argument record. An argument is required unless it has a
 * default or is {@link Nullable}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Arg {
    String NO_DEFAULT = "\u0000none";

    String description();

    /** Default value, written as text and converted to the argument's type. */
    String defaultValue() default NO_DEFAULT;

    /** A regular expression a text value must match entirely. */
    String pattern() default "";

    /** What the pattern means, for the error message ("3-16 letters, digits or underscores"). */
    String patternHint() default "";

    /** Smallest allowed number (inclusive). */
    long min() default Long.MIN_VALUE;

    /** Largest allowed number (inclusive). */
    long max() default Long.MAX_VALUE;

    /** A secret: its value is registered for masking wherever it could be printed. */
    boolean secret() default false;
}
