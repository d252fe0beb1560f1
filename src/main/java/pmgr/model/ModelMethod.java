package pmgr.model;

import java.util.List;

/**
 * One method of a model type: its name, what it does, its typed argument record, the resource
 * specs it writes, and the code that runs it.
 */
public record ModelMethod<A extends Record>(String name, String description, Class<A> arguments,
                                            List<String> writes, Body<A> body) {

    @FunctionalInterface
    public interface Body<A> {
        /** Runs the method. Failing = throwing; the exception's message is what people see. */
        Object run(A arguments, MethodContext context) throws Exception;
    }

    public static <A extends Record> ModelMethod<A> of(String name, String description, Class<A> arguments,
                                                       List<String> writes, Body<A> body) {
        return new ModelMethod<>(name, description, arguments, List.copyOf(writes), body);
    }
}
