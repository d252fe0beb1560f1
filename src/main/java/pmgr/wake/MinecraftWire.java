package pmgr.wake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;

/**
 * The Minecraft Java protocol's data types on Netty buffers: VarInt (7 bits a byte, low first, at
 * most 5 bytes), String (a VarInt byte count, then UTF-8, at most a given number of characters) and
 * a packet (VarInt length of what follows, VarInt packet id, its fields). A field that breaks its
 * rule is a {@link CorruptedFrameException}: the connection is closed, nothing else happens.
 */
final class MinecraftWire {
    private MinecraftWire() {
    }

    static int readVarInt(ByteBuf in) {
        int value = 0;
        for (int i = 0; i < 5; i++) {
            if (!in.isReadable()) {
                throw new CorruptedFrameException("a VarInt ends early");
            }
            byte b = in.readByte();
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CorruptedFrameException("a VarInt is longer than 5 bytes");
    }

    static void writeVarInt(ByteBuf out, int value) {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /** A String of at most {@code maxChars} characters (the protocol allows 3 bytes of UTF-8 per character). */
    static String readString(ByteBuf in, int maxChars) {
        int bytes = readVarInt(in);
        if (bytes < 0 || bytes > maxChars * 3 || bytes > in.readableBytes()) {
            throw new CorruptedFrameException("a string of " + bytes + " bytes (at most " + maxChars + " characters, "
                    + in.readableBytes() + " bytes left)");
        }
        String s = in.readCharSequence(bytes, StandardCharsets.UTF_8).toString();
        if (s.length() > maxChars) {
            throw new CorruptedFrameException("a string of " + s.length() + " characters (at most " + maxChars + ")");
        }
        return s;
    }

    static void writeString(ByteBuf out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(out, utf8.length);
        out.writeBytes(utf8);
    }

    static int readUnsignedShort(ByteBuf in) {
        need(in, 2, "a port");
        return in.readUnsignedShort();
    }

    static long readLong(ByteBuf in) {
        need(in, 8, "a long");
        return in.readLong();
    }

    private static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new CorruptedFrameException(what + " needs " + bytes + " bytes, " + in.readableBytes() + " left");
        }
    }

    /** A whole packet, length prefix included: id and one string field (status response, login disconnect). */
    static ByteBuf stringPacket(ByteBufAllocator alloc, int id, String field) {
        ByteBuf body = alloc.buffer();
        writeVarInt(body, id);
        writeString(body, field);
        return framed(alloc, body);
    }

    /** A whole packet: id and one long field (the pong). */
    static ByteBuf longPacket(ByteBufAllocator alloc, int id, long field) {
        ByteBuf body = alloc.buffer();
        writeVarInt(body, id);
        body.writeLong(field);
        return framed(alloc, body);
    }

    private static ByteBuf framed(ByteBufAllocator alloc, ByteBuf body) {
        ByteBuf packet = alloc.buffer(body.readableBytes() + 5);
        writeVarInt(packet, body.readableBytes());
        packet.writeBytes(body);
        body.release();
        return packet;
    }
}
