package pmgr.sandbox.proxmox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/** One raw HTTP/1.1 exchange, because java.net.http hides the reason phrase. */
final class RawHttps {
    private RawHttps() {
    }

    /** Returns the status line, e.g. "HTTP/1.1 401 No ticket". */
    static String statusLine(SandboxProxmox pve, String method, String path, String extraHeaders) throws Exception {
        var factory = PveTestClient.trusting(pve.certificatePem()).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", pve.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            return in.readLine();
        }
    }
}
