package pmgr.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import pmgr.common.Json;
import pmgr.engine.ArgumentException;
import pmgr.engine.Definition;
import pmgr.engine.Engine;
import pmgr.engine.Workflow;
import pmgr.engine.WorkflowRunner;
import pmgr.model.ResourceSpec;
import pmgr.store.ResourceVersion;

/** The API served from an engine in this process (the CLI without a server, and the HTTP routes). */
public final class LocalApi implements EngineApi {
    /** A caller that waits for a run gives up after this long (the run itself goes on). */
    static final Duration WAIT_LIMIT = Duration.ofHours(2);

    private final Engine engine;

    public LocalApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public JsonNode workflows() {
        return call(() -> engine.workflows().all());
    }

    @Override
    public JsonNode workflow(String name) {
        return call(() -> findWorkflow(name));
    }

    private Workflow findWorkflow(String name) {
        return engine.workflows().get(name).orElseThrow(() -> new ApiException(404, "no workflow named '" + name
                + "' (workflows: " + String.join(", ", engine.workflows().all().stream().map(Workflow::name).toList()) + ")", null));
    }

    @Override
    public JsonNode startWorkflow(String name, Map<String, Object> inputs, String origin, boolean wait) {
        return call(() -> started(engine.runner().start(name, inputs, origin), wait));
    }

    @Override
    public JsonNode startMethod(String instance, String method, Map<String, Object> args, String origin, boolean wait) {
        return call(() -> started(engine.runner().startMethod(instance, method, args, origin), wait));
    }

    private Object started(String id, boolean wait) throws Exception {
        if (!wait) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("status", "RUNNING");
            return m;
        }
        try {
            return Views.run(engine.runner().await(id, WAIT_LIMIT));
        } catch (TimeoutException e) {
            throw new ApiException(504, e.getMessage() + "; it goes on: follow it with `pmgr run get " + id + "`", null);
        }
    }

    @Override
    public JsonNode runs(int limit, String target) {
        return call(() -> engine.ledger().list(limit, target).stream().map(Views::runSummary).toList());
    }

    @Override
    public JsonNode run(String id) {
        return call(() -> Views.run(engine.ledger().get(id).orElseThrow(() ->
                new ApiException(404, "no run with id '" + id + "'", null))));
    }

    @Override
    public JsonNode awaitRun(String id, Duration atMost) {
        if (atMost.isNegative() || atMost.compareTo(LONGEST_RUN_WAIT) > 0) {
            throw new ApiException(400, "a run wait must be between 0 and " + LONGEST_RUN_WAIT.toMillis() + " ms, got "
                    + atMost.toMillis() + " ms", null);
        }
        return call(() -> {
            long until = System.nanoTime() + atMost.toNanos();
            pmgr.store.RunRecord run;
            try {
                run = engine.runner().await(id, atMost);
            } catch (TimeoutException stillRunning) {
                run = engine.ledger().get(id).orElseThrow(() -> new ApiException(404, "no run with id '" + id + "'", null));
            }
            long left = until - System.nanoTime();
            if (run.status().equals("RUNNING") && left > 0) {
                // a run this process does not carry (another's): the next look comes no sooner than asked
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
                run = engine.ledger().get(id).orElse(run);
            }
            return Views.run(run);
        });
    }

    @Override
    public JsonNode modelTypes() {
        return call(() -> engine.registry().all().stream().map(Views::modelType).toList());
    }

    @Override
    public JsonNode models() {
        return call(() -> engine.definitions().all());
    }

    @Override
    public JsonNode model(String name) {
        return call(() -> {
            Definition d = findDefinition(name);
            Map<String, Object> m = new LinkedHashMap<>(Json.toMap(d));
            m.put("typeInfo", Views.modelType(engine.registry().get(d.type()).orElseThrow()));
            return m;
        });
    }

    private Definition findDefinition(String name) {
        return engine.definitions().get(name).orElseThrow(() -> new ApiException(404, "no definition named '" + name
                + "' (definitions: " + String.join(", ", engine.definitions().all().stream().map(Definition::name).toList()) + ")", null));
    }

    @Override
    public JsonNode dataList(String instance) {
        return call(() -> {
            List<ResourceVersion> all = engine.store().latestAll(instance);
            if (all.isEmpty()) {
                findDefinition(instance);
            }
            return all;
        });
    }

    @Override
    public JsonNode dataGet(String instance, String spec, String name, Integer version) {
        return call(() -> {
            String s = resolveSpec(instance, spec, name);
            var found = version == null ? engine.store().latest(instance, s, name)
                    : engine.store().version(instance, s, name, version);
            return found.orElseThrow(() -> new ApiException(404, "no " + (version == null ? "data"
                    : "version " + version) + " for " + instance + " " + s + "/" + name, null));
        });
    }

    @Override
    public JsonNode dataVersions(String instance, String spec, String name) {
        return call(() -> {
            String s = resolveSpec(instance, spec, name);
            List<ResourceVersion> history = engine.store().history(instance, s, name);
            if (history.isEmpty()) {
                throw new ApiException(404, "no data for " + instance + " " + s + "/" + name, null);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance", instance);
            m.put("spec", s);
            m.put("name", name);
            m.put("versions", history.stream().map(Views::versionEntry).toList());
            return m;
        });
    }

    /** A data name is looked up under the given spec, or under the only spec that has it. */
    private String resolveSpec(String instance, String spec, String name) {
        // data of a definition has its model type's specs; other data (the bot's records) the specs it has
        Optional<Definition> d = engine.definitions().get(instance);
        List<String> specs = d.isPresent()
                ? engine.registry().get(d.get().type()).orElseThrow().resources().stream().map(ResourceSpec::name).toList()
                : engine.store().latestAll(instance).stream().map(ResourceVersion::spec).distinct().toList();
        if (d.isEmpty() && specs.isEmpty()) {
            findDefinition(instance);
        }
        if (spec != null) {
            if (!specs.contains(spec)) {
                throw new ApiException(404, (d.isPresent() ? d.get().type() : instance) + " has no resource spec '" + spec
                        + "' (specs: " + String.join(", ", specs) + ")", null);
            }
            return spec;
        }
        List<String> having = specs.stream().filter(s -> engine.store().latest(instance, s, name).isPresent()).toList();
        if (having.size() == 1) {
            return having.get(0);
        }
        if (having.isEmpty()) {
            throw new ApiException(404, "no data named '" + name + "' for " + instance + " (names: "
                    + String.join(", ", engine.store().latestAll(instance).stream().map(v -> v.spec() + "/" + v.name()).toList()) + ")", null);
        }
        throw new ApiException(400, "'" + name + "' exists under several specs of " + instance + ": " + having
                + "; say which, e.g. " + having.get(0) + "/" + name, null);
    }

    @Override
    public JsonNode vaultList() {
        return call(() -> engine.vault().list());
    }

    @Override
    public JsonNode vaultPut(String vault, String key, String value) {
        return call(() -> {
            engine.vault().put(vault, key, value);
            return Map.of("vault", vault, "key", key, "status", "stored");
        });
    }

    @Override
    public JsonNode vaultRemove(String vault, String key) {
        return call(() -> {
            if (!engine.vault().remove(vault, key)) {
                throw new ApiException(404, "no secret " + vault + "/" + key, null);
            }
            return Map.of("vault", vault, "key", key, "status", "removed");
        });
    }

    @FunctionalInterface
    private interface Body {
        Object get() throws Exception;
    }

    /** Runs a request, turning engine failures into API errors with the right status. */
    private static JsonNode call(Body body) {
        try {
            return Json.tree(body.get());
        } catch (ApiException e) {
            throw e;
        } catch (ArgumentException e) {
            throw new ApiException(400, e.getMessage(), e.problems());
        } catch (WorkflowRunner.NotFoundException e) {
            throw new ApiException(404, e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", null);
        } catch (Exception e) {
            throw new ApiException(500, pmgr.engine.Errors.forClient(e), null);
        }
    }

}
