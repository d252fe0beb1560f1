package pmgr.wake;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.power.WakeableServer;

/**
 * One sleeping server's listening socket. It is open while the server is down and closed while it
 * is up, so the stream proxy's primary upstream (the real server) and this one (its backup) are
 * never both answering. Connections over the bound are closed as they come.
 */
final class WakeListener {
    private static final Logger LOG = LoggerFactory.getLogger(WakeListener.class);
    private final WakeableServer server;
    private final ServerBootstrap bootstrap;
    private final AtomicInteger connections = new AtomicInteger();
    private Channel channel;
    private String problem;

    WakeListener(WakeableServer server, Doorkeeper door, EventLoopGroup loop, Executor work, WakeLimits limits) {
        this.server = server;
        this.bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, limits.maxConnections())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > limits.maxConnections()) {
                            connections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        ch.pipeline().addLast(new PacketFrames(limits.maxPacketBytes()),
                                new WakeConnection(door, work, limits.connectionTimeout()));
                    }
                });
    }

    /** Starts listening (again); a port that cannot be had is logged and tried again at the next refresh. */
    synchronized void open() {
        if (channel != null) {
            return;
        }
        try {
            channel = bootstrap.bind(server.wake().host(), server.wake().port()).syncUninterruptibly().channel();
            LOG.info("wake: {} sleeps; its listener is open on {}", server.name(), server.wake().listen());
            problem = null;
        } catch (RuntimeException e) {
            String why = "cannot listen on " + server.wake().listen() + ": " + e.getMessage();
            if (!why.equals(problem)) {
                LOG.error("wake: {}: {}", server.name(), why);
            }
            problem = why;
        }
    }

    /** Steps aside: the port is released; connections already answered finish on their own. */
    synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
            LOG.info("wake: {} is up; its listener on {} stepped aside", server.name(), server.wake().listen());
        }
    }

    synchronized boolean isOpen() {
        return channel != null;
    }

    synchronized String problem() {
        return problem;
    }

    WakeableServer server() {
        return server;
    }
}
