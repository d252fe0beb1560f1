package pmgr.model;

/** The argument record of a method, or the global arguments of a model, that takes none. */
public record NoArgs() {
}
