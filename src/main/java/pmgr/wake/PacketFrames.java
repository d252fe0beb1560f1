package pmgr.wake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Cuts the byte stream into packets by their VarInt length prefix, refusing a length over the
 * bound before a byte of the packet is buffered. A first byte of 0xFE is a pre-1.7 client's legacy
 * server-list ping: those clients cannot join a current server, so the connection is just closed.
 */
final class PacketFrames extends ByteToMessageDecoder {
    /** 3 VarInt bytes say up to 2 MiB: more than any bound this listener takes. */
    private static final int MAX_PREFIX_BYTES = 3;
    private static final int LEGACY_PING = 0xFE;
    private final int maxPacketBytes;
    private boolean first = true;

    PacketFrames(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (first && in.isReadable()) {
            first = false;
            if (in.getUnsignedByte(in.readerIndex()) == LEGACY_PING) {
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
        }
        in.markReaderIndex();
        int length = 0;
        for (int i = 0; ; i++) {
            if (!in.isReadable()) {
                in.resetReaderIndex();
                return; // the prefix is not all here yet
            }
            if (i == MAX_PREFIX_BYTES) {
                throw new CorruptedFrameException("a packet length of more than " + MAX_PREFIX_BYTES + " bytes");
            }
            byte b = in.readByte();
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length < 1 || length > maxPacketBytes) {
            throw new TooLongFrameException("a packet of " + length + " bytes (at most " + maxPacketBytes + ")");
        }
        if (in.readableBytes() < length) {
            in.resetReaderIndex();
            return;
        }
        out.add(in.readRetainedSlice(length));
    }
}
