package pmgr.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.common.FileTrees;
import pmgr.common.Poll;
import pmgr.common.SecretFile;
import pmgr.common.Secrets;
import pmgr.config.Settings;

/**
 * Hawtio at {@code /hawtio/} on a port of its own (embedded Jetty serving the Hawtio web
 * application the jar carries). Its Jolokia reads the platform MBean server, where Camel's routes
 * are registered; login is required: the configured user, with the configured password or the one
 * created on first start in {@code <data-dir>/hawtio-password} (0600).
 */
public final class HawtioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HawtioServer.class);
    static final String PASSWORD_FILE = "hawtio-password";

    private final Server jetty;
    private final ContextHandlerCollection contexts;
    private final String url;
    private final String user;
    private final Path dir;

    private HawtioServer(Server jetty, ContextHandlerCollection contexts, String url, String user, Path dir) {
        this.jetty = jetty;
        this.contexts = contexts;
        this.url = url;
        this.user = user;
        this.dir = dir;
    }

    /**
     * Takes Hawtio's port at once (so its address is known and kept) and returns; the web
     * application itself is deployed by {@link #deploy}, after the engine is up, so the two do not
     * compete for the CPU at start. Throws with a clear message when the port cannot be had.
     */
    public static HawtioServer start(Settings settings) {
        String host = settings.get("pmgr.http.host");
        int port = settings.getInt("pmgr.hawtio.port");
        String user = settings.get("pmgr.hawtio.user");
        String password = settings.has("pmgr.hawtio.password") ? settings.get("pmgr.hawtio.password")
                : SecretFile.ensure(settings.dataDir().resolve(PASSWORD_FILE), "Hawtio password");
        Secrets.register(password);
        String role = settings.get("pmgr.hawtio.role");
        HawtioLogin.account(user, password, role);
        HawtioLogin.install();
        // Hawtio reads its configuration from hawtio.* system properties
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.realm", HawtioLogin.REALM);
        System.setProperty("hawtio.roles", role);
        System.setProperty("hawtio.rolePrincipalClasses", HawtioLogin.Role.class.getName());
        System.setProperty("hawtio.offline", "true");

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start
            }
            throw new IllegalStateException("cannot start Hawtio on " + host + ":" + port + ": " + e.getMessage()
                    + " (choose another port with pmgr.hawtio.port, or pmgr.hawtio.enabled=false)", e);
        }
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/hawtio/";
        return new HawtioServer(server, contexts, url, user, settings.dataDir().resolve("hawtio"));
    }

    /** Unpacks (the first time) and starts the web application; until then its address answers 404. */
    public void deploy() {
        WebAppContext context = new WebAppContext();
        context.setContextPath("/hawtio");
        context.setWar(unpacked(dir).toString());
        // the application's own logging and libraries serve the web application too
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        contexts.addHandler(context);
        try {
            context.start();
            LOG.info("Hawtio is ready at {} (user {})", url, user);
        } catch (Exception e) {
            LOG.error("Hawtio could not start: {}", e.getMessage(), e);
        }
    }

    /** The web application, unpacked once per version into the data directory (it is large: not on every start). */
    private static Path unpacked(Path dir) {
        java.net.URL war = HawtioServer.class.getResource("/hawtio/hawtio.war");
        if (war == null) {
            throw new IllegalStateException("this build carries no Hawtio (no /hawtio/hawtio.war in the jar)");
        }
        // one unpacked copy per war the jar carries (told apart by size)
        String name;
        try {
            name = "webapp-" + war.openConnection().getContentLengthLong();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hawtio war: " + e.getMessage(), e);
        }
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target.resolve("WEB-INF/web.xml"))) {
            return target;
        }
        Path partial = dir.resolve(name + ".partial");
        try (InputStream in = war.openStream()) {
            FileTrees.delete(partial);
            Files.createDirectories(partial);
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    Path to = partial.resolve(e.getName()).normalize();
                    if (!to.startsWith(partial)) {
                        throw new IOException("unsafe entry in the Hawtio war: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(zip, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack Hawtio into " + dir + ": " + e.getMessage(), e);
        }
    }


    /**
     * Waits (bounded) until Hawtio's page answers at the URL the supplier gives (none yet: not up),
     * the web application being deployed once serve listens. Returns the HTTP status, or empty.
     */
    public static Optional<Integer> awaitPage(Supplier<String> url, Duration bound) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return Poll.within(bound, Duration.ofMillis(50)).until(() -> {
            String at = url.get();
            if (at == null) {
                return Optional.empty();
            }
            try {
                int status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(at)).timeout(Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == 404 || status == 503 ? Optional.empty() : Optional.of(status); // still deploying
            } catch (IOException notYet) {
                return Optional.empty();
            }
        });
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("while stopping Hawtio: {}", e.toString());
        }
    }
}
