package pmgr.engine;

/** One declared argument, as shown by {@code model types} and {@code workflow describe}. */
public record ArgumentInfo(String name, String type, boolean required, Object defaultValue,
                           boolean nullable, String description, String pattern) {
}
