package pmgr.models.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import pmgr.common.Addresses;
import pmgr.common.Poll;
import pmgr.config.Home;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;
import pmgr.model.SealedVault;
import pmgr.models.http.JsonHttp;
import pmgr.models.ssh.Shell;
import pmgr.models.ssh.SshModelType;
import pmgr.models.ssh.Ssh;
import pmgr.models.ssh.SshConnection;
import pmgr.store.SealedVaultFile;

/**
 * {@code pmgr/deploy}: this application on a host, to run there in a container (docker/engine builds
 * and runs it from what this leaves). Under {@code remoteDir}: {@code app/} the image's build context
 * (the jar as {@code target/pmgr.jar}, the home's definitions, routes, beans and bot, and
 * {@code docker/Dockerfile}) - mirrored, so a file gone here goes there too; {@code config/} the
 * configuration and the sealed vault (folder 0700, files 0600); {@code data/} the copy's runtime data
 * (its database), never touched but for the vault key, 0600. Files go over SCP through this
 * application, compared by SHA-256 first so an unchanged file is not sent again; no secret is ever on
 * a command line. The Discord token travels inside the sealed vault only.
 */
public final class DeployModel extends SshModelType<DeployModel.Globals> {
    /** The image's home, as docker/Dockerfile lays it out. */
    static final String IMAGE_HOME = "/opt/pmgr";
    static final String VAULT_FILE = "vault.sealed.json";
    private static final String DOCKERFILE = "/deploy/docker/Dockerfile";
    /** The host's listing: a SHA-256 and a path of the safe characters, nothing else is taken. */
    private static final java.util.regex.Pattern LISTED = java.util.regex.Pattern.compile("([0-9a-f]{64})  ((app|config|data)/[A-Za-z0-9_./@+-]+)");

    public record Globals(
            @Arg(description = "How to reach the host over SSH (pmgr.lab.ssh.* fill in what is not given)") SshConnection ssh,
            @Arg(description = "Folder of the deployment on the host", defaultValue = "${{ lab.deploy.remoteDir }}",
                    pattern = Shell.PATH, patternHint = Shell.PATH_HINT) String remoteDir,
            @Arg(description = "Port the copy's HTTP API listens on, published on the host's address", defaultValue = "${{ lab.deploy.port }}",
                    min = 1, max = 65535) long port,
            @Arg(description = "Address the copy listens on in its container", defaultValue = "${{ lab.deploy.bindAddress }}",
                    pattern = Addresses.IPV4, patternHint = Addresses.IPV4_HINT) String bindAddress,
            @Nullable @Arg(description = "The jar to deploy (none: the jar this application runs from)",
                    defaultValue = "${{ lab.deploy.jar }}") String jar,
            @Arg(description = "This lab's configuration file the copy gets, relative to the home",
                    defaultValue = "${{ lab.deploy.configFile }}") String configFile,
            @Nullable @Arg(description = "Settings of the copy that win over the configuration file (pmgr.* names)") Map<String, Object> settings,
            @Arg(description = "Longest time one command on the host may take, seconds", defaultValue = "600", min = 10, max = 3600)
            long commandTimeoutSeconds) {

        String dir() {
            return remoteDir.endsWith("/") && remoteDir.length() > 1 ? remoteDir.substring(0, remoteDir.length() - 1) : remoteDir;
        }

        String at(String path) {
            return dir() + "/" + path;
        }
    }

    public record HealthArgs(
            @Arg(description = "Longest wait for the copy to answer healthy, seconds", defaultValue = "180", min = 1, max = 3600)
            long timeoutSeconds) {
    }

    public DeployModel() {
        super("pmgr/deploy", "2026.12.03.1",
                "This application on a host: its jar, home, configuration and sealed vault, for a container there",
                Globals.class,
                List.of(new ResourceSpec("deploy", "What the host has: folders, what was sent and removed, the container's volumes and ports"),
                        new ResourceSpec("health", "The copy's answer to GET /api/health")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("copy", "Copy the jar, home, configuration and sealed vault to the host (only what changed)",
                        NoArgs.class, List.of("deploy"), (g, a, ctx) -> copy(ctx, g)),
                method("waitForHealth", "Wait until the copy answers GET /api/health with UP (bounded)", HealthArgs.class,
                        List.of("health"), (g, a, ctx) -> waitForHealth(ctx, g, a)));
    }

    private void copy(MethodContext ctx, Globals g) {
        Path jar = jarOf(g);
        Path config = ctx.home().resolve(g.configFile()).normalize();
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("argument 'configFile': no such file " + config
                    + " (the configuration the copy runs with; pmgr init writes one)");
        }
        Ssh ssh = g.ssh().connect(ctx, g.commandTimeoutSeconds()); // no host: an error saying the VM is probably stopped
        SealedVault vault = ctx.sealedVault();
        Bundle bundle = bundle(ctx, g, jar, config, vault);

        ctx.log("Comparing " + bundle.items().size() + " files with " + ssh.target().host() + ":" + g.dir());
        Map<String, String> there = listing(ssh, g);
        String keyThere = there.get("data/vault.key");
        String keyHere = bundle.items().stream().filter(i -> i.path().equals("data/vault.key")).findFirst().orElseThrow().sha256();
        if (keyThere != null && !keyThere.equals(keyHere)) {
            throw new IllegalStateException(g.at("data/vault.key") + " on " + ssh.target().host() + " is another vault key, and the copy's"
                    + " data there is sealed with it: nothing was sent. Move " + g.at("data") + " away to start that copy afresh.");
        }
        List<Bundle.Item> send = bundle.items().stream().filter(i -> !i.sha256().equals(there.get(i.path()))).toList();
        // app/ is a mirror; config/ and data/ hold more than ours (the database), so nothing else there is removed
        List<String> remove = there.keySet().stream().filter(p -> p.startsWith("app/") && !bundle.has(p)).sorted().toList();

        List<String> prepare = new ArrayList<>();
        new TreeSet<>(send.stream().map(i -> parent(g.at(i.path()))).toList()).forEach(d -> prepare.add(Shell.path(d)));
        String command = prepare.isEmpty() ? "true" : "mkdir -p " + String.join(" ", prepare);
        if (!remove.isEmpty()) {
            command += " && rm -f " + String.join(" ", remove.stream().map(p -> Shell.path(g.at(p))).toList())
                    + " && find " + Shell.path(g.at("app")) + " -mindepth 1 -type d -empty -delete";
        }
        if (!prepare.isEmpty() || !remove.isEmpty()) {
            ssh.check(command);
        }
        if (!send.isEmpty()) {
            ctx.log("Sending " + send.size() + " file(s) over SCP: " + String.join(", ", send.stream().map(Bundle.Item::path).limit(12).toList())
                    + (send.size() > 12 ? ", ..." : ""));
            ssh.uploadAll(send.stream().map(i -> i.upload(g.dir())).toList());
        }
        if (!remove.isEmpty()) {
            ctx.log("Removed " + remove.size() + " file(s) no longer shipped: " + String.join(", ", remove));
        }
        checkOwnerOnly(ssh, g, bundle);
        ctx.log(send.isEmpty() && remove.isEmpty() ? "The host has this deployment already: nothing sent"
                : "Deployed to " + ssh.target().host() + ":" + g.dir() + " (" + send.size() + " sent, " + remove.size() + " removed, "
                + (bundle.items().size() - send.size()) + " unchanged)");

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", ssh.target().host());
        d.put("remoteDir", g.dir());
        d.put("context", g.at("app"));
        d.put("dockerfile", g.at("app/docker/Dockerfile"));
        d.put("volumes", List.of(g.at("data") + ":" + IMAGE_HOME + "/data",
                g.at("config/application.properties") + ":" + IMAGE_HOME + "/application.properties:ro",
                g.at("config/" + VAULT_FILE) + ":" + IMAGE_HOME + "/" + VAULT_FILE + ":ro"));
        d.put("ports", List.of(ssh.target().host() + ":" + g.port() + ":" + g.port()));
        d.put("healthUrl", healthUrl(g));
        d.put("files", bundle.items().size());
        d.put("sent", send.stream().map(Bundle.Item::path).toList());
        d.put("removed", remove);
        d.put("unchanged", bundle.items().size() - send.size());
        d.put("jarSha256", Bundle.sha256(jar));
        d.put("vaultSecrets", vault.entries().size());
        d.put("timestamp", Instant.now().toString());
        ctx.write("deploy", ctx.instance(), d);
    }

    private static Bundle bundle(MethodContext ctx, Globals g, Path jar, Path config, SealedVault vault) {
        Bundle b = new Bundle().file("app/target/pmgr.jar", jar);
        for (String folder : Home.FOLDERS) {
            Path dir = ctx.home().resolve(folder);
            if (Files.isDirectory(dir)) {
                b.tree("app/" + folder, dir);
            }
        }
        b.bytes("app/docker/Dockerfile", dockerfile(), false);
        Map<String, String> deployment = new LinkedHashMap<>();
        deployment.put("pmgr.http.host", g.bindAddress());
        deployment.put("pmgr.http.port", Long.toString(g.port()));
        deployment.put("pmgr.data-dir", "data");
        deployment.put("pmgr.vault.import-file", VAULT_FILE);
        String lab;
        try {
            lab = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
        }
        b.bytes("config/application.properties", DeployedConfiguration.compose(config.getFileName().toString(), lab, deployment,
                g.settings()), true);
        b.bytes("config/" + VAULT_FILE, SealedVaultFile.write(vault.entries()), true);
        b.bytes("data/vault.key", vault.keyBase64().getBytes(StandardCharsets.UTF_8), true);
        return b;
    }

    /** The host's files of this deployment with their SHA-256 (creating the folders, the private ones 0700). */
    private static Map<String, String> listing(Ssh ssh, Globals g) {
        String app = Shell.path(g.at("app"));
        String config = Shell.path(g.at("config"));
        String data = Shell.path(g.at("data"));
        String out = ssh.check("mkdir -p " + app + " " + config + " " + data + " && chmod 700 " + config + " " + data
                + " && cd " + Shell.path(g.dir()) + " && find app config -type f -exec sha256sum {} + && if [ -f data/vault.key ]; then"
                + " sha256sum data/vault.key; fi").stdout();
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            java.util.regex.Matcher m = LISTED.matcher(line);
            if (!m.matches() || m.group(2).contains("..")) {
                throw new IllegalStateException("a file under " + g.dir() + " on " + ssh.target().host() + " has a name this deploy does not"
                        + " handle (letters, digits and _ . / @ + - only): " + Shell.quote(line.length() > 66 ? line.substring(66) : line)
                        + "; nothing was sent");
            }
            files.put(m.group(2), m.group(1));
        }
        return files;
    }

    /** The secrets are the owner's only on the host, whatever was there before; checked, not assumed. */
    private static void checkOwnerOnly(Ssh ssh, Globals g, Bundle bundle) {
        List<String> secret = bundle.items().stream().filter(Bundle.Item::ownerOnly).map(i -> Shell.path(g.at(i.path()))).toList();
        String modes = ssh.check("chmod 600 " + String.join(" ", secret) + " && stat -c '%a' " + String.join(" ", secret)).stdout();
        if (!modes.lines().allMatch("600"::equals)) {
            throw new IllegalStateException("the secrets on " + ssh.target().host() + " are not 0600 after chmod: " + modes.trim());
        }
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static byte[] dockerfile() {
        try (InputStream in = DeployModel.class.getResourceAsStream(DOCKERFILE)) {
            if (in == null) {
                throw new IllegalStateException("this build ships no " + DOCKERFILE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar named, or the one this application runs from. */
    private static Path jarOf(Globals g) {
        Path jar;
        if (g.jar() != null && !g.jar().isBlank()) {
            jar = Path.of(g.jar());
        } else {
            try {
                jar = Path.of(DeployModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException | SecurityException e) {
                throw new IllegalStateException("cannot tell which jar this application runs from: " + e.getMessage(), e);
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("argument 'jar': this application runs from " + jar + ", not a jar;"
                        + " build one (mvn package) or set pmgr.lab.deploy.jar");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("argument 'jar': no such file " + jar);
        }
        return jar;
    }

    private static String healthUrl(Globals g) {
        return "http://" + g.ssh().host() + ":" + g.port() + "/api/health";
    }

    /** The checks that are not UP, with their messages (or the start of the body when it is no health report). */
    private static String notUp(JsonHttp.Answer answer) {
        try {
            List<String> down = new ArrayList<>();
            answer.json().path("checks").fields().forEachRemaining(c -> {
                if (!"UP".equals(c.getValue().path("status").asText())) {
                    down.add(c.getKey() + ": " + c.getValue().path("message").asText(c.getValue().path("status").asText()));
                }
            });
            return down.isEmpty() ? answer.json().path("status").asText() + " (no database check yet)" : String.join("; ", down);
        } catch (IllegalStateException notJson) {
            return answer.body().substring(0, Math.min(300, answer.body().length()));
        }
    }

    private void waitForHealth(MethodContext ctx, Globals g, HealthArgs a) throws InterruptedException {
        if (!g.ssh().hasHost()) {
            throw new IllegalStateException("ssh.host is required - is the VM running? (the fleet has no IP for it)");
        }
        String url = healthUrl(g);
        JsonHttp http = new JsonHttp(ctx.template(), "http://" + g.ssh().host() + ":" + g.port());
        ctx.log("Waiting for " + url + " to answer UP (up to " + a.timeoutSeconds() + "s)");
        long t0 = System.nanoTime();
        String[] last = {"no answer yet"};
        Optional<JsonHttp.Answer> up = Poll.within(Duration.ofSeconds(a.timeoutSeconds()), Duration.ofSeconds(2)).until(() -> {
            try {
                JsonHttp.Answer answer = http.send("GET", "/api/health", Map.of(), Map.of(), null);
                // UP with its database check: a process whose start failed half-way may still answer for its Camel context alone
                if (answer.ok() && "UP".equals(answer.json().path("checks").path("database").path("status").asText())) {
                    return Optional.of(answer);
                }
                last[0] = answer.status() + " " + notUp(answer);
            } catch (JsonHttp.Unreachable e) {
                last[0] = e.getMessage();
            }
            return Optional.empty();
        });
        if (up.isEmpty()) {
            throw new IllegalStateException("the copy on " + g.ssh().host() + " did not answer GET " + url + " with 200 UP (database included) within "
                    + a.timeoutSeconds() + "s (last: " + last[0] + "); its container's log: docker logs on the host");
        }
        long waited = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", url);
        d.put("status", up.get().json().path("status").asText("UP"));
        d.put("checks", pmgr.common.Json.MAPPER.convertValue(up.get().json().path("checks"), Object.class));
        d.put("waitedMillis", waited);
        d.put("timestamp", Instant.now().toString());
        ctx.log("The copy answers at " + url + " (after " + waited + " ms)");
        ctx.write("health", ctx.instance(), d);
    }
}
