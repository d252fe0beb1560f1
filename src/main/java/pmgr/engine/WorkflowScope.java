package pmgr.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a command line run of one workflow needs loaded: the workflow's own file and the method
 * routes of the definitions it calls (named in its calls and its header's {@code uses}; what their
 * expressions read of other definitions comes from the store, not their routes). Only those
 * definitions have their expressions compiled before the run. When that cannot be told from the file
 * (a call whose target is worked out at run time, a call of another workflow, a look at the
 * {@code definitions} themselves) everything is loaded, as {@code serve} does.
 */
record WorkflowScope(List<Path> files, Set<String> instances) {
    /** A command that runs nothing: no workflow, no method routes. */
    static final WorkflowScope NOTHING = new WorkflowScope(List.of(), Set.of());

    private static final Pattern CALL = Pattern.compile("\\b(?:call|direct|method):([A-Za-z0-9][A-Za-z0-9_-]*)\\.");
    private static final Pattern WORKED_OUT = Pattern.compile("\\b(?:toD|recipientList|routingSlip|dynamicRouter)\\b"
            + "|\\b(?:call|direct|method|workflow):[^\\s\"']*\\$\\{|\\bworkflow:[A-Za-z0-9]");

    static Optional<WorkflowScope> of(Path routesDir, String workflow, java.util.Set<String> definitionNames) {
        try {
            for (Path f : CamelYamlFile.inFolder(routesDir)) {
                String text = Files.readString(f);
                if (!text.contains("direct:workflow." + workflow)) {
                    continue; // not its file: no need to parse it
                }
                WorkflowFile wf = WorkflowFile.read(f, text, new ArrayList<>());
                if (wf == null || wf.header == null || !wf.routeIds.equals(List.of(workflow))) {
                    continue;
                }
                if (WORKED_OUT.matcher(text.replace("direct:workflow." + workflow, "")).find() || text.contains("definitions.")
                        || text.replace("uri: direct:workflow." + workflow, "").contains("direct:workflow.")) {
                    return Optional.empty();
                }
                Set<String> named = new LinkedHashSet<>();
                Matcher m = CALL.matcher(text);
                while (m.find()) {
                    named.add(m.group(1));
                }
                if (wf.header.get("uses") instanceof List<?> uses) {
                    uses.forEach(u -> named.add(String.valueOf(u)));
                } else if (wf.header.get("uses") != null) {
                    named.add(String.valueOf(wf.header.get("uses")));
                }
                named.removeIf(n -> !definitionNames.contains(n));
                return Optional.of(new WorkflowScope(List.of(f), named));
            }
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
