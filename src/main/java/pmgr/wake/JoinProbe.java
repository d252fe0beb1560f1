package pmgr.wake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A join attempt as a Minecraft client makes it (handshake for login, login start with the name),
 * answered with the listener's disconnect reason: what {@code pmgr bench} times.
 */
public final class JoinProbe {
    private JoinProbe() {
    }

    /** The disconnect's JSON text component; bounded by {@code timeoutMillis} for connecting and for the answer. */
    public static String join(String host, int port, int protocol, String player, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            ByteBuf handshake = Unpooled.buffer();
            MinecraftWire.writeVarInt(handshake, protocol);
            MinecraftWire.writeString(handshake, host);
            handshake.writeShort(port);
            MinecraftWire.writeVarInt(handshake, 2);
            ByteBuf login = Unpooled.buffer();
            MinecraftWire.writeString(login, player);
            s.getOutputStream().write(bytes(packet(0x00, handshake)));
            s.getOutputStream().write(bytes(packet(0x00, login)));
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            ByteBuf answer = Unpooled.buffer();
            int length = MinecraftWire.readVarInt(lengthPrefix(in));
            if (length < 1 || length > 1 << 16) {
                throw new IOException("an answer of " + length + " bytes");
            }
            answer.writeBytes(in.readNBytes(length));
            if (MinecraftWire.readVarInt(answer) != 0x00) {
                throw new IOException("the listener answered the login with no disconnect");
            }
            return MinecraftWire.readString(answer, 32767);
        }
    }

    private static ByteBuf packet(int id, ByteBuf fields) {
        ByteBuf body = ByteBufAllocator.DEFAULT.heapBuffer();
        MinecraftWire.writeVarInt(body, id);
        body.writeBytes(fields);
        fields.release();
        ByteBuf framed = Unpooled.buffer();
        MinecraftWire.writeVarInt(framed, body.readableBytes());
        framed.writeBytes(body);
        body.release();
        return framed;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    /** The answer's length prefix: its bytes up to the one without the continuation bit. */
    private static ByteBuf lengthPrefix(DataInputStream in) throws IOException {
        ByteBuf prefix = Unpooled.buffer(5);
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new IOException("the listener closed the connection without an answer");
            }
            prefix.writeByte(b);
        } while ((b & 0x80) != 0 && prefix.readableBytes() < 5);
        return prefix;
    }
}
