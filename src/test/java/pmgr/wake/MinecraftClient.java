package pmgr.wake;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The client side of the Minecraft Java protocol, as the test speaks it over a plain socket, written
 * from the protocol's description (not from the listener's code): handshake, status request and
 * ping, login start, and reading a packet back.
 */
final class MinecraftClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private MinecraftClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static MinecraftClient connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 3000);
        s.setSoTimeout(10_000);
        return new MinecraftClient(s);
    }

    record Packet(int id, byte[] data) {
        DataInputStream fields() {
            return new DataInputStream(new java.io.ByteArrayInputStream(data));
        }
    }

    void handshake(int protocol, int nextState) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varInt(b, protocol);
        string(b, "play.example.net");
        b.write(0x63);
        b.write(0xDD); // port 25565
        varInt(b, nextState);
        send(0x00, b.toByteArray());
    }

    /** The status response's JSON. */
    String status() throws IOException {
        send(0x00, new byte[0]);
        Packet p = read();
        if (p.id() != 0x00) {
            throw new IOException("expected a status response (0x00), got packet " + p.id());
        }
        return readString(p.fields());
    }

    long ping(long payload) throws IOException {
        send(0x01, ByteBuffer.allocate(8).putLong(payload).array());
        Packet p = read();
        if (p.id() != 0x01) {
            throw new IOException("expected a pong (0x01), got packet " + p.id());
        }
        return p.fields().readLong();
    }

    /** Login start as clients from 1.20.2 send it (name and UUID), or the name alone (1.7 - 1.18); the disconnect's JSON. */
    String login(String name, boolean withUuid) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        string(b, name);
        if (withUuid) {
            UUID id = UUID.nameUUIDFromBytes(("OfflinePlayer:" + name).getBytes(StandardCharsets.UTF_8));
            b.writeBytes(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array());
        }
        send(0x00, b.toByteArray());
        Packet p = read();
        if (p.id() != 0x00) {
            throw new IOException("expected a login disconnect (0x00), got packet " + p.id());
        }
        return readString(p.fields());
    }

    void send(int id, byte[] fields) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        varInt(body, id);
        body.writeBytes(fields);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        varInt(packet, body.size());
        body.writeTo(packet);
        raw(packet.toByteArray());
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Packet read() throws IOException {
        int length = readVarInt(in);
        byte[] rest = in.readNBytes(length);
        if (rest.length < length) {
            throw new EOFException("packet cut short");
        }
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(rest));
        int id = readVarInt(body);
        return new Packet(id, body.readAllBytes());
    }

    /** Whether the server closed the connection (rather than answering) within the socket's timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    static void varInt(ByteArrayOutputStream b, int value) {
        while ((value & ~0x7F) != 0) {
            b.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b.write(value);
    }

    static void string(ByteArrayOutputStream b, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varInt(b, utf8.length);
        b.writeBytes(utf8);
    }

    static int readVarInt(DataInputStream in) throws IOException {
        int value = 0;
        for (int i = 0; i < 5; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("VarInt too long");
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(readVarInt(in)), StandardCharsets.UTF_8);
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
