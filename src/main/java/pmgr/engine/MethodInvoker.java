package pmgr.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import pmgr.cel.Bindings;
import pmgr.cel.CelEngine;
import pmgr.cel.CelException;
import pmgr.cel.Template;
import pmgr.common.Json;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.ModelType;
import pmgr.model.ResourceSpec;
import pmgr.store.ResourceStore;
import pmgr.store.ResourceVersion;

/**
 * Calls one model method for an exchange: resolves the instance's global arguments (CEL), merges the
 * definition's per-method arguments with the step's arguments (exchange variable {@code args}; the
 * step wins), binds both to their typed records, runs the method and records what it logs and writes.
 */
public final class MethodInvoker {
    /** Exchange variable holding the step's arguments for the next method call. */
    public static final String ARGS = "args";
    /** Exchange property naming the last method called (for branch outcomes). */
    public static final String CALL = "pmgr.call";

    private final ModelRegistry registry;
    private final Definitions definitions;
    private final CelEngine cel;
    private final ResourceStore store;
    private final org.apache.camel.CamelContext camel;
    private final java.nio.file.Path dataDir;
    private final java.nio.file.Path home;
    private final org.apache.camel.ProducerTemplate template;
    private final java.util.function.Supplier<pmgr.model.SealedVault> sealedVault;

    MethodInvoker(java.nio.file.Path home, java.nio.file.Path dataDir, org.apache.camel.CamelContext camel, ModelRegistry registry, Definitions definitions, CelEngine cel, ResourceStore store,
                  java.util.function.Supplier<pmgr.model.SealedVault> sealedVault) {
        this.sealedVault = sealedVault;
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.dataDir = dataDir;
        this.home = home;
        this.registry = registry;
        this.definitions = definitions;
        this.cel = cel;
        this.store = store;
    }

    @SuppressWarnings("unchecked")
    void invoke(Exchange exchange, String instance, String methodName) {
        RunContext run = RunContext.of(exchange);
        if (run == null) {
            throw new IllegalStateException(instance + "." + methodName
                    + " was called outside a run; start workflows and methods through pmgr (CLI, HTTP, schedule or Discord)");
        }
        Object rawArgs = exchange.getVariable(ARGS);
        exchange.removeVariable(ARGS);
        Map<String, Object> stepArgs = rawArgs == null ? Map.of() : asArgs(rawArgs, instance + "." + methodName);
        exchange.setProperty(CALL, instance + "." + methodName);
        StepFrame frame = exchange.getProperty(StepFrame.PROPERTY, StepFrame.class);
        Object result = call(run, frame, instance, methodName, stepArgs, exchange);
        exchange.getMessage().setBody(result);
    }

    /**
     * A call's own arguments: each must be an argument of the method (and fit its declaration) or an
     * input the definition reads. Checked before anything runs.
     */
    static void checkStepArguments(Definition definition, ModelMethod<?> method, Map<String, ?> stepArgs, String context) {
        Set<String> allowed = stepArgumentNames(definition, method);
        List<String> problems = new ArrayList<>();
        stepArgs.forEach((k, v) -> {
            if (v instanceof String text && text.length() > InputValidator.MAX_TEXT) {
                problems.add("argument '" + k + "' is " + text.length() + " characters long; at most " + InputValidator.MAX_TEXT
                        + " are taken");
            } else if (!allowed.contains(k)) {
                problems.add("unknown argument '" + k + "' (known: " + String.join(", ", allowed) + ")");
            } else if (ArgumentBinder.declares(method.arguments(), k)) {
                String problem = ArgumentBinder.checkLiteral(method.arguments(), k, v);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new ArgumentException(context, problems);
        }
    }

    /** What a call may pass: the method's arguments and the inputs its definition reads. */
    static Set<String> stepArgumentNames(Definition definition, ModelMethod<?> method) {
        Set<String> names = new TreeSet<>(definition.inputsRead());
        ArgumentBinder.describe(method.arguments()).forEach(a -> names.add(a.name()));
        return names;
    }

    private static Map<String, Object> asArgs(Object raw, String call) {
        if (raw instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        throw new ArgumentException(call + " step arguments", List.of("the 'args' variable must be a map, got " + raw));
    }

    Object call(RunContext run, StepFrame frame, String instance, String methodName, Map<String, Object> stepArgs,
                Exchange exchange) {
        String call = instance + "." + methodName;
        Definition definition = definitions.get(instance).orElseThrow(() -> new IllegalArgumentException(
                "no definition named '" + instance + "'"));
        ModelType type = registry.get(definition.type()).orElseThrow();
        ModelMethod<?> method = type.method(methodName).orElseThrow(() -> new IllegalArgumentException(
                type.type() + " has no method '" + methodName + "'"));

        checkStepArguments(definition, method, stepArgs, call + " step arguments");

        Map<String, Object> inputs = new LinkedHashMap<>(run.inputs());
        inputs.putAll(stepArgs);
        Bindings bindings = cel.bindings().inputs(inputs).run(run.summary());
        if (exchange != null) {
            bindings.body(exchange.getMessage().getBody()).headers(exchange.getMessage().getHeaders())
                    .variables(exchange.getVariables());
        }
        Record globals = ArgumentBinder.bind(type.globalArguments(),
                resolve(definition.globalArguments(), bindings, instance + " globalArguments"), instance + " globalArguments");

        Map<String, Object> methodArgs = resolve(definition.methodArguments(methodName), bindings,
                instance + " methods." + methodName + ".arguments");
        stepArgs.forEach((k, v) -> {
            if (ArgumentBinder.declares(method.arguments(), k)) {
                methodArgs.put(k, v);
            }
        });
        Record args = ArgumentBinder.bind(method.arguments(), methodArgs, call + " arguments");
        Context ctx = new Context(run, frame, definition, type, method, globals);
        try {
            Object returned = run(method, args, ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("instance", instance);
            body.put("method", methodName);
            body.put("written", ctx.written.stream().map(v -> Map.of("spec", v.spec(), "name", v.name(),
                    "version", (long) v.version())).collect(Collectors.toList()));
            body.put("result", returned == null ? null : returned instanceof Record r ? Json.toMap(r) : returned);
            return body;
        } catch (RuntimeException e) {
            if (e instanceof MethodException || e instanceof ArgumentException) {
                throw e;
            }
            throw new MethodException(call + ": " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MethodException(call + ": interrupted", e);
        } catch (Exception e) {
            throw new MethodException(call + ": " + message(e), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <A extends Record> Object run(ModelMethod<A> method, Record args, MethodContext ctx) throws Exception {
        return method.body().run((A) args, ctx);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Map<String, Object> resolve(Map<String, Object> values, Bindings bindings, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            try {
                out.put(e.getKey(), Template.resolve(e.getValue(), cel, bindings));
            } catch (CelException ex) {
                throw new ArgumentException(where, List.of(e.getKey() + ": " + ex.getMessage()));
            }
        }
        return out;
    }

    /** The context a method sees. */
    private final class Context implements MethodContext {
        private final RunContext run;
        private final StepFrame frame;
        private final Definition definition;
        private final ModelType type;
        private final ModelMethod<?> method;
        private final Record globals;
        final List<ResourceVersion> written = new ArrayList<>();

        Context(RunContext run, StepFrame frame, Definition definition, ModelType type, ModelMethod<?> method, Record globals) {
            this.run = run;
            this.frame = frame;
            this.definition = definition;
            this.type = type;
            this.method = method;
            this.globals = globals;
        }

        @Override
        public String instance() {
            return definition.name();
        }

        @Override
        public String method() {
            return method.name();
        }

        @Override
        public <G extends Record> G globals(Class<G> t) {
            return t.cast(globals);
        }

        @Override
        public void log(String line) {
            run.log(frame == null ? null : frame.seq(), definition.name() + "." + method.name(), line);
        }

        @Override
        public ResourceVersion write(String spec, String name, Object attributes) {
            if (!method.writes().contains(spec)) {
                throw new IllegalStateException(type.type() + "." + method.name() + " writes '" + spec
                        + "' but declares only " + method.writes());
            }
            if (name == null || name.isBlank() || name.contains("/") || name.contains("..")) {
                throw new IllegalArgumentException("resource name must be non-empty without '/' or '..', got '" + name + "'");
            }
            Set<String> sensitive = type.resources().stream().filter(r -> r.name().equals(spec)).findFirst()
                    .map(ResourceSpec::sensitive).orElse(Set.of());
            ResourceVersion v = store.write(definition.name(), spec, name, Json.toMap(attributes), sensitive,
                    new ResourceStore.Origin(type.type(), method.name(), run.id(), frame == null ? null : frame.stepId()));
            synchronized (written) {
                written.add(v);
            }
            return v;
        }

        @Override
        public Optional<ResourceVersion> latest(String spec, String name) {
            return store.latest(definition.name(), spec, name);
        }

        @Override
        public java.util.List<ResourceVersion> latestOf(String instance, String spec) {
            return store.latestAll(instance).stream().filter(v -> v.spec().equals(spec)).toList();
        }

        @Override
        public String runId() {
            return run.id();
        }

        @Override
        public java.nio.file.Path dataDir() {
            return dataDir;
        }

        @Override
        public java.nio.file.Path home() {
            return home;
        }

        @Override
        public org.apache.camel.CamelContext camel() {
            return camel;
        }

        @Override
        public org.apache.camel.ProducerTemplate template() {
            return template;
        }

        @Override
        public pmgr.model.SealedVault sealedVault() {
            return sealedVault.get();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    }
}
