package pmgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.sandbox.SandboxLab;
import pmgr.store.RunRecord;
import pmgr.testing.Lab;
import pmgr.testing.RunnableJar;
import pmgr.testing.Tools;

/**
 * The provisioning secrets end to end: a VM joins the tailnet, a new VM gets Alpine installed with
 * a root password, and pmgr is deployed to slate with its Discord token. Afterwards none of the
 * secrets may be found in any sandbox host's recorded command lines, in any file the lab wrote
 * (the database files, the VMs' homes and disks, the deployed copy), in the log serve writes (at
 * INFO, as serve runs) or in what the HTTP API answers about the runs. The vault key may only be in
 * its two 0600 key files (here and on slate).
 */
class SecretsStayOutTest {
    static final String DISCORD_TOKEN = "secret-discord-token-" + UUID.randomUUID();
    static final Duration WAIT = Duration.ofMinutes(4);

    @TempDir
    static Path dir;
    static Lab lab;
    static final StringWriter log = new StringWriter();
    static final List<RunRecord> runs = new ArrayList<>();
    static Map<String, String> secrets;
    static String vaultKey;

    @BeforeAll
    static void provisionEverything() throws Exception {
        Tools.require("tmux");
        Tools.require("curl");
        captureTheLog();
        Path jar = RunnableJar.build(dir.resolve("build/pmgr.jar"));
        lab = Lab.start(dir.resolve("home"), SandboxLab.Options.fast().withGameHosts(true), Map.of("pmgr.lab.deploy.jar", jar.toString()));
        lab.engine.vault().put("discord", "discord-token", DISCORD_TOKEN);
        vaultKey = Files.readString(lab.home.resolve("data/vault.key")).trim();
        secrets = new LinkedHashMap<>();
        secrets.put("the Discord token", DISCORD_TOKEN);
        secrets.put("the root password", lab.sandbox.alpineRootPassword());
        secrets.put("the Tailscale auth key", lab.sandbox.tailscale().authKey());
        secrets.put("the Tailscale API key", lab.sandbox.tailscale().apiKey());

        run("sync-fleet", Map.of());
        run("setup-tailscale", Map.of("vmName", "allthemons"));
        run("sync-tailnet", Map.of());
        run("create-stateful-vm", Map.of("vmName", "secrets01", "memory", 1024, "cores", 1, "diskSize", 8));
        run("deploy-bot", Map.of());
    }

    /** serve's console log as it writes it (same layout, secrets masked by it), at serve's level. */
    static void captureTheLog() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(ctx.getConfiguration())
                .withPattern("%d{HH:mm:ss.SSS} %-5level [%c{1}] %mm%n%mex").build();
        WriterAppender capture = WriterAppender.createAppender(layout, null, log, "secrets-capture", false, true);
        capture.start();
        ctx.getConfiguration().addAppender(capture);
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.INFO, null);
        Configurator.setRootLevel(Level.INFO);
        ctx.updateLoggers();
    }

    static void run(String workflow, Map<String, ?> inputs) throws Exception {
        RunRecord r = lab.engine.runner().await(lab.engine.runner().start(workflow, inputs, "test"), WAIT);
        assertThat(r.status()).as(workflow + ": " + r.error()).isEqualTo("SUCCEEDED");
        runs.add(r);
    }

    @AfterAll
    static void stop() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender("secrets-capture");
        Configurator.setRootLevel(Level.WARN);
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void noSecretIsOnAnyRemoteCommandLine() throws IOException {
        List<String> lines = lab.sandbox.allCommandLines();
        assertThat(lines).as("the hosts ran the work").anyMatch(l -> l.contains("tailscale up"))
                .anyMatch(l -> l.contains("setup-alpine")).anyMatch(l -> l.contains("docker run"));
        secrets.forEach((what, value) -> assertThat(String.join("\n", lines)).as(what).doesNotContain(value));
        assertThat(String.join("\n", lines)).as("the vault key").doesNotContain(vaultKey);
    }

    @Test
    void noSecretIsInTheLog() {
        String written = log.toString();
        assertThat(written).as("the log was captured").contains("INFO");
        secrets.forEach((what, value) -> assertThat(written).as(what).doesNotContain(value));
        assertThat(written).as("the vault key").doesNotContain(vaultKey);
    }

    @Test
    void noSecretIsInWhatTheApiSaysAboutTheRuns() {
        for (RunRecord r : runs) {
            String shown = lab.cli("run", "get", r.id(), "--json").out();
            assertThat(shown).as("run " + r.target()).contains(r.id());
            secrets.forEach((what, value) -> assertThat(shown).as(what + " in run " + r.target()).doesNotContain(value));
        }
    }

    @Test
    void noSecretIsInAnyFileTheLabWrote() throws IOException {
        List<Path> files = new ArrayList<>();
        // this lab's own folder, and the VMs' folders (kept under the temp directory when this one is deep)
        for (Path root : List.of(dir, lab.sandbox.hostRoot("slate").toRealPath().getParent())) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/build/")).forEach(files::add);
            }
        }
        assertThat(files).as("the database and the deployed copy are among them")
                .anyMatch(p -> p.toString().contains("/data/")).anyMatch(p -> p.toString().contains("vault.sealed.json"));
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            secrets.forEach((what, value) -> assertThat(text).as(what + " in " + f).doesNotContain(value));
            if (!f.getFileName().toString().equals("vault.key")) {
                assertThat(text).as("the vault key in " + f).doesNotContain(vaultKey);
            }
        }
    }
}
