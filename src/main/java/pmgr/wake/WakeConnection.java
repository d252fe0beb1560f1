package pmgr.wake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to a wake listener, as the protocol goes: the handshake says status (a
 * server-list ping: status request, then ping) or login (login start, answered with a disconnect
 * that says what happened). The answers are worked out off the event loop (they read the database
 * and may start a run). Anything out of order closes the connection; so does the deadline.
 */
final class WakeConnection extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(WakeConnection.class);
    /** Next states a handshake may ask for: 1 status, 2 login, 3 transfer (1.20.5+, a login from another server). */
    private static final int STATUS = 1;
    private static final int LOGIN = 2;
    private static final int TRANSFER = 3;
    /** A handshake's server address: at most 255 characters (Forge clients add a marker inside them). */
    private static final int MAX_ADDRESS = 255;
    private static final int MAX_NAME = 16;

    private enum Phase { HANDSHAKE, STATUS, PING, LOGIN, ANSWERED }

    private final Doorkeeper door;
    private final Executor work;
    private final Duration deadline;
    private Phase phase = Phase.HANDSHAKE;
    private int protocol;

    WakeConnection(Doorkeeper door, Executor work, Duration deadline) {
        this.door = door;
        this.work = work;
        this.deadline = deadline;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.executor().schedule(() -> ctx.close(), deadline.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf packet) {
        int id = MinecraftWire.readVarInt(packet);
        switch (phase) {
            case HANDSHAKE -> handshake(ctx, id, packet);
            case STATUS -> {
                if (id == 0x00) {
                    phase = Phase.PING;
                    answer(ctx, () -> MinecraftWire.stringPacket(ctx.alloc(), 0x00, door.status(protocol)), false);
                } else {
                    pong(ctx, id, packet); // a ping without the status request first is allowed too
                }
            }
            case PING -> pong(ctx, id, packet);
            case LOGIN -> {
                if (id != 0x00) {
                    ctx.close();
                    return;
                }
                phase = Phase.ANSWERED;
                // only the name is read: what follows it differs by version (signature data, UUID) and is not needed
                String name = MinecraftWire.readString(packet, MAX_NAME);
                answer(ctx, () -> MinecraftWire.stringPacket(ctx.alloc(), 0x00, door.join(name)), true);
            }
            case ANSWERED -> ctx.close();
        }
    }

    private void handshake(ChannelHandlerContext ctx, int id, ByteBuf packet) {
        if (id != 0x00) {
            ctx.close();
            return;
        }
        protocol = MinecraftWire.readVarInt(packet);
        MinecraftWire.readString(packet, MAX_ADDRESS);
        MinecraftWire.readUnsignedShort(packet);
        int next = MinecraftWire.readVarInt(packet);
        if (next == STATUS) {
            phase = Phase.STATUS;
        } else if (next == LOGIN || next == TRANSFER) {
            phase = Phase.LOGIN;
        } else {
            ctx.close();
        }
    }

    private void pong(ChannelHandlerContext ctx, int id, ByteBuf packet) {
        if (id != 0x01) {
            ctx.close();
            return;
        }
        phase = Phase.ANSWERED;
        ctx.writeAndFlush(MinecraftWire.longPacket(ctx.alloc(), 0x01, MinecraftWire.readLong(packet)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Works the answer out on a worker thread, then sends it (and closes after it, when it is the last). */
    private void answer(ChannelHandlerContext ctx, java.util.function.Supplier<ByteBuf> make, boolean last) {
        try {
            work.execute(() -> {
                ByteBuf out;
                try {
                    out = make.get();
                } catch (RuntimeException e) {
                    LOG.warn("wake: {} could not be answered: {}", ctx.channel().remoteAddress(), e.toString(), e);
                    ctx.close();
                    return;
                }
                var sent = ctx.writeAndFlush(out);
                if (last) {
                    sent.addListener(ChannelFutureListener.CLOSE);
                }
            });
        } catch (RejectedExecutionException stopping) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a bad packet or a reset connection: this client is done, the listener goes on
        LOG.debug("wake: closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
