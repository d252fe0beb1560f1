package pmgr.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ExecutorServiceAwareDefinition;
import org.apache.camel.model.MulticastDefinition;
import org.apache.camel.model.SplitDefinition;
import org.apache.camel.model.StepDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads {@code beans/*.yaml} and {@code routes/*.yaml} into Camel and records each workflow: the
 * route of a file with a {@code - workflow:} header. A workflow's route must have group
 * {@code workflow}, start from {@code direct:workflow.<id>}, and give every step an id (unique) and a
 * description.
 */
final class WorkflowRoutes extends RouteBuilder {
    private final Path beansDir;
    private final Path routesDir;
    private final Workflows workflows;
    private final boolean serving;
    private final pmgr.cel.CelEngine cel;

    private final Definitions definitions;
    private final List<Path> onlyFiles;

    /** {@code onlyFiles}: the workflow files to load (a CLI run of one: its file; a CLI command: none), or null for every file. */
    WorkflowRoutes(Path beansDir, Path routesDir, Workflows workflows, boolean serving, pmgr.cel.CelEngine cel, Definitions definitions,
                   List<Path> onlyFiles) {
        this.onlyFiles = onlyFiles;
        this.definitions = definitions;
        this.cel = cel;
        this.beansDir = beansDir;
        this.routesDir = routesDir;
        this.workflows = workflows;
        this.serving = serving;
    }

    @Override
    public void configure() throws Exception {
        CamelContext camel = getContext();
        List<String> problems = new ArrayList<>();
        List<Resource> beans = new ArrayList<>();
        for (Path f : CamelYamlFile.inFolder(beansDir)) {
            beans.add(ResourceHelper.fromString("file:" + f, Files.readString(f)));
        }
        List<WorkflowFile> files = new ArrayList<>();
        for (Path f : onlyFiles == null ? CamelYamlFile.inFolder(routesDir) : onlyFiles) {
            WorkflowFile wf = WorkflowFile.read(f, Files.readString(f), problems);
            if (wf != null) {
                files.add(wf);
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException("workflows are not valid", problems);
        }
        if (!beans.isEmpty()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(beans);
        }
        List<Resource> routes = files.stream()
                .map(wf -> ResourceHelper.fromString("file:" + wf.file, wf.camelText)).toList();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
        } catch (Exception e) {
            throw new StartupException("routes could not be loaded", List.of(rootMessage(e)));
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        if (!serving) {
            // a CLI command runs only what it is asked: routes that start on their own (a schedule, a
            // webhook, any consumer but direct:) run in `serve`, never while a command works
            files.stream().flatMap(wf -> wf.routeIds.stream()).map(model::getRouteDefinition)
                    .filter(r -> r.getInput() == null || !r.getInput().getEndpointUri().startsWith("direct:"))
                    .forEach(r -> r.setAutoStartup("false"));
        }
        for (WorkflowFile wf : files) {
            if (wf.header == null) {
                continue;
            }
            String where = "routes/" + wf.file.getFileName();
            if (wf.routeIds.size() != 1) {
                problems.add(where + ": a workflow file holds exactly one route, found " + wf.routeIds.size());
                continue;
            }
            RouteDefinition route = model.getRouteDefinition(wf.routeIds.get(0));
            String name = route.getRouteId();
            // node ids must be unique across all routes (and differ from route ids): every workflow may
            // have a step "auth", so each workflow's own ids get the prefix "<workflow>."
            forEachNode(route.getOutputs(), p -> {
                if (p.hasCustomIdAssigned()) {
                    p.setId(name + "." + p.getId());
                }
            });
            // parallel branches run on the fan-out pool (Camel's default runs ten at a time)
            forEachNode(route.getOutputs(), p -> {
                String parallel = p instanceof SplitDefinition sp ? sp.getParallelProcessing()
                        : p instanceof MulticastDefinition mc ? mc.getParallelProcessing() : null;
                if ("true".equals(parallel) && p instanceof ExecutorServiceAwareDefinition<?> fanning
                        && fanning.getExecutorServiceRef() == null && fanning.getExecutorServiceBean() == null) {
                    fanning.executorService(FAN_OUT);
                }
            });
            Set<String> bestEffort = wf.bestEffort(where, problems);
            Set<String> wrapped = new HashSet<>();
            forEachNode(route.getOutputs(), p -> {
                if (p instanceof StepDefinition st && st.getId() != null && bestEffort.contains(st.getId().substring(name.length() + 1))) {
                    StepWarning.wrap(st);
                    wrapped.add(st.getId().substring(name.length() + 1));
                }
            });
            for (String id : bestEffort) {
                if (!wrapped.contains(id)) {
                    problems.add(where + ".bestEffort: no step '" + id + "' in the workflow");
                }
            }
            if (!"workflow".equals(route.getGroup())) {
                problems.add(where + ": route '" + name + "' needs 'group: workflow'");
            }
            String expected = Workflow.endpoint(name);
            String from = route.getInput() == null ? null : route.getInput().getEndpointUri();
            if (!expected.equals(from)) {
                problems.add(where + ": route '" + name + "' must start from '" + expected + "', not '" + from + "'");
            }
            if (route.getDescription() == null || route.getDescription().isBlank()) {
                problems.add(where + ": route '" + name + "' needs a description (what the workflow does)");
            }
            List<Workflow.Step> steps = new ArrayList<>();
            forEachNode(route.getOutputs(), p -> {
                if (p instanceof StepDefinition st) {
                    String id = st.getId() == null ? null : st.getId().substring(name.length() + 1);
                    steps.add(new Workflow.Step(id, st.getDescription()));
                }
            });
            Set<String> seen = new HashSet<>();
            for (Workflow.Step s : steps) {
                if (s.id() == null) {
                    problems.add(where + ": every step needs an id (the step name)");
                } else if (!seen.add(s.id())) {
                    problems.add(where + ": step id '" + s.id() + "' is used twice");
                }
                if (s.description() == null || s.description().isBlank()) {
                    problems.add(where + ": step '" + s.id() + "' needs a description (what it does, shown to people)");
                }
            }
            workflows.add(wf.toWorkflow(name, route.getDescription(), steps, cel, definitions, problems));
        }
        if (!problems.isEmpty()) {
            throw new StartupException("workflows are not valid", problems);
        }
    }

    /** The thread pool profile of parallel branches in workflows. */
    static final String FAN_OUT = "pmgr.fan-out";

    static ThreadPoolProfile fanOut(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("pmgr.workflow.fan-out-threads must be at least 1, got " + threads);
        }
        return new ThreadPoolProfileBuilder(FAN_OUT).poolSize(threads).maxPoolSize(threads)
                .maxQueueSize(-1).keepAliveTime(60L).allowCoreThreadTimeOut(true).build();
    }

    /** Every node of a route in declaration order, including those inside choices and try blocks. */
    private static void forEachNode(List<ProcessorDefinition<?>> outputs, java.util.function.Consumer<ProcessorDefinition<?>> action) {
        for (ProcessorDefinition<?> p : outputs) {
            action.accept(p);
            if (p instanceof ChoiceDefinition c) {
                c.getWhenClauses().forEach(w -> forEachNode(w.getOutputs(), action));
                if (c.getOtherwise() != null) {
                    forEachNode(c.getOtherwise().getOutputs(), action);
                }
            } else if (p instanceof TryDefinition t) {
                forEachNode(t.getOutputsWithoutCatches(), action);
                t.getCatchClauses().forEach(c -> {
                    action.accept(c);
                    forEachNode(c.getOutputs(), action);
                });
                if (t.getFinallyClause() != null) {
                    action.accept(t.getFinallyClause());
                    forEachNode(t.getFinallyClause().getOutputs(), action);
                }
            } else {
                forEachNode(p.getOutputs(), action);
            }
        }
    }

    static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        while (c != null && c != c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
            c = c.getCause();
        }
        return sb.toString();
    }
}
