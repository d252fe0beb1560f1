package pmgr.models.nginx;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.models.monitoring.RemoteScript;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshResult;

/**
 * The proxy host as the stream model sees it: its files under the stream folder, read in one round
 * trip, and changes applied in another - files written only when they differ, nginx's check before
 * the new config is used (a config it refuses is put back), {@code docker compose up -d}, and a
 * reload when the running proxy's config changed but its container was not recreated.
 */
final class ProxyHost {
    private final Ssh ssh;
    private final String streamDir;
    private final String container;
    private final Duration timeout;

    /** What the stream folder holds: each asked-for file's text (null when absent), and whether the proxy runs. */
    record State(Map<String, String> files, boolean running) {
        String file(String relative) {
            return files.get(relative);
        }
    }

    /** One file to write: its path under the stream folder, what it holds now (null: absent) and what it gets. */
    record Change(String relative, String before, String after) {
        boolean nginxConfig() {
            return !relative.equals(StreamFiles.COMPOSE_FILE);
        }
    }

    ProxyHost(Ssh ssh, String streamDir, String container, Duration timeout) {
        this.ssh = ssh;
        this.streamDir = streamDir.endsWith("/") ? streamDir.substring(0, streamDir.length() - 1) : streamDir;
        this.container = container;
        this.timeout = timeout;
    }

    String path(String relative) {
        return streamDir + "/" + relative;
    }

    State read(List<String> relatives) {
        StringBuilder script = new StringBuilder();
        for (String relative : relatives) {
            String p = Shell.path(path(relative));
            script.append("if [ -f ").append(p).append(" ]; then printf 'file ").append(relative).append(" '; base64 < ").append(p)
                    .append(" | tr -d '\\n'; echo; else echo 'absent ").append(relative).append("'; fi; ");
        }
        script.append("printf 'running %s\\n' \"$(docker inspect -f ").append(Shell.quote("{{.State.Running}}")).append(" ")
                .append(Shell.quote(container)).append(" 2>/dev/null || echo false)\"");
        SshResult r = ssh.check(script.toString());
        Map<String, String> files = new LinkedHashMap<>();
        boolean running = false;
        for (String line : r.stdout().lines().toList()) {
            String[] words = line.split(" ", 3);
            switch (words[0]) {
                case "file" -> files.put(words[1], words.length < 3 ? "" : new String(Base64.getDecoder().decode(words[2].trim()),
                        StandardCharsets.UTF_8));
                case "absent" -> files.put(words[1], null);
                case "running" -> running = words.length > 1 && words[1].trim().equals("true");
                default -> {
                    // nothing else is printed
                }
            }
        }
        return new State(files, running);
    }

    /** Writes what changed and makes the proxy run it; true when that took a reload. */
    boolean apply(pmgr.model.MethodContext ctx, List<Change> changes, boolean wasRunning, String what) {
        List<Change> writes = changes.stream().filter(c -> !c.after().equals(c.before())).toList();
        boolean composeChanged = writes.stream().anyMatch(c -> !c.nginxConfig());
        boolean configChanged = writes.stream().anyMatch(Change::nginxConfig);
        RemoteScript script = new RemoteScript().step("create " + path(StreamFiles.STREAM_DIR),
                "mkdir -p " + Shell.path(path(StreamFiles.STREAM_DIR)));
        List<String> restore = new ArrayList<>();
        List<String> backups = new ArrayList<>();
        for (Change c : writes) {
            String target = Shell.path(path(c.relative()));
            String backup = Shell.path(path(c.relative()) + ".pmgr-prev");
            String keep = c.before() == null ? "rm -f " + backup : "cp -p " + target + " " + backup;
            script.step("write " + path(c.relative()), keep + " && " + Shell.replaceFile("printf '%s' " + Shell.quote(c.after()),
                    path(c.relative())));
            restore.add(c.before() == null ? "rm -f " + target : "mv -f " + backup + " " + target);
            backups.add(backup);
        }
        String exec = "docker exec " + Shell.quote(container) + " nginx";
        if (wasRunning && configChanged) {
            // nginx refusing the new config must not take the proxy down with the next start or reload
            script.step("nginx accepts the new config", "out=$(" + exec + " -t 2>&1) || { " + String.join("; ", restore)
                    + "; printf '%s\\n' \"$out\"; echo 'note: the previous config was put back'; exit 1; }");
        }
        script.step("start the proxy (docker compose up -d)", "cd " + Shell.path(streamDir) + " && docker compose up -d");
        boolean reload = wasRunning && configChanged && !composeChanged; // a recreated container read the new config already
        if (reload) {
            script.step("reload nginx", exec + " -s reload");
        }
        script.step("the proxy runs", "[ \"$(docker inspect -f " + Shell.quote("{{.State.Running}}") + " " + Shell.quote(container)
                + " 2>/dev/null)\" = true ] || { echo 'container " + container + " is not running'; exit 1; }");
        if (!backups.isEmpty()) {
            script.step("remove the previous copies", "rm -f " + String.join(" ", backups));
        }
        script.run(ctx, ssh, timeout, what);
        return reload;
    }
}
