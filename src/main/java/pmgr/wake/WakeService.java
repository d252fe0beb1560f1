package pmgr.wake;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.engine.Engine;
import pmgr.engine.Errors;
import pmgr.engine.RunContext;
import pmgr.engine.RunListener;
import pmgr.power.PowerState;
import pmgr.power.ServerPower;
import pmgr.power.WakeableServer;
import pmgr.power.WakeableServers;

/**
 * Wake on join, as {@code serve} runs it: a Minecraft protocol listener for each server with a
 * {@code wake} block, open while the server is down and closed while it is up. Whether it is up is
 * looked at again after every run (runs are what change it). A Camel service: its event loop and
 * workers are threads of Camel's context and stop with it.
 */
public final class WakeService extends ServiceSupport implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(WakeService.class);
    private final Engine engine;
    private final WakeableServers servers;
    private final WakeLimits limits;
    private final Announcer announcer;
    private final ServerPower power;
    private final List<WakeListener> listeners = new ArrayList<>();
    private ExecutorService loopThread;
    private ExecutorService work;
    private EventLoopGroup loop;

    private WakeService(Engine engine, WakeableServers servers, Announcer announcer) {
        this.engine = engine;
        this.servers = servers;
        this.limits = WakeLimits.from(engine.settings());
        this.announcer = announcer;
        this.power = new ServerPower(engine);
    }

    /** Starts the listeners of the servers that have one, as a service of the engine's Camel context. */
    public static WakeService start(Engine engine, WakeableServers servers, Announcer announcer) {
        WakeService service = new WakeService(engine, servers, announcer);
        try {
            engine.camel().addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("wake on join could not start: " + Errors.describe(e), e);
        }
        return service;
    }

    @Override
    protected void doStart() {
        if (servers.all().isEmpty()) {
            return;
        }
        CamelContext camel = engine.camel();
        loopThread = camel.getExecutorServiceManager().newFixedThreadPool(this, "pmgr-wake-loop", 1);
        work = camel.getExecutorServiceManager().newThreadPool(this, "pmgr-wake", 1, 4);
        loop = new NioEventLoopGroup(1, loopThread);
        WakeStarter starter = new WakeStarter(engine.runner(), limits.runTimeout(), limits.wakesPerMinute(), announcer);
        for (WakeableServer s : servers.all()) {
            listeners.add(new WakeListener(s, new Doorkeeper(s, power, starter), loop, work, limits));
        }
        engine.events().subscribe(this);
        refresh();
    }

    @Override
    protected void doStop() {
        engine.events().unsubscribe(this);
        listeners.forEach(WakeListener::close);
        listeners.clear();
        if (loop != null) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            loop = null;
        }
        if (work != null) {
            engine.camel().getExecutorServiceManager().shutdownNow(work);
            engine.camel().getExecutorServiceManager().shutdownNow(loopThread);
        }
    }

    /** Opens the listener of each server that is not up, closes that of each that is. */
    void refresh() {
        for (WakeListener l : List.copyOf(listeners)) {
            try {
                if (power.of(l.server()).is(PowerState.State.ONLINE)) {
                    l.close();
                } else {
                    l.open();
                }
            } catch (RuntimeException e) {
                LOG.warn("wake: cannot tell whether {} is up: {}", l.server().name(), Errors.describe(e));
            }
        }
    }

    @Override
    public void runFinished(RunContext run, String status, String error) {
        try {
            if (work != null) {
                work.execute(this::refresh);
            }
        } catch (RejectedExecutionException stopping) {
            // the service is stopping
        }
    }

    /** The line {@code serve} prints: each listener, where it listens and whether it is open. */
    public String describe() {
        if (listeners.isEmpty()) {
            return "wake on join: off (no minecraft/server definition sets wake.listen)";
        }
        List<String> parts = new ArrayList<>();
        for (WakeListener l : listeners) {
            parts.add(l.server().name() + " at " + l.server().wake().listen() + " ("
                    + (l.problem() != null ? l.problem() : l.isOpen() ? "open: it sleeps" : "stepped aside: it is up") + ")");
        }
        return "wake on join: " + String.join(", ", parts);
    }

    /** Whether a server's listener takes connections now (tests, the description). */
    public boolean listening(String server) {
        return listeners.stream().anyMatch(l -> l.server().name().equals(server) && l.isOpen());
    }
}
