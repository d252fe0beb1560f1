package pmgr.models.proxmox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

/**
 * How to trust a Proxmox node's certificate. Verification is on by default (the JVM's trusted CAs);
 * a node with its own CA (the usual self-signed setup) is trusted through a CA or certificate file,
 * or by pinning the certificate's SHA-256 fingerprint. Skipping verification must be asked for.
 *
 * @param caFile PEM file of the CA (e.g. /etc/pve/pve-root-ca.pem) or of the node certificate
 * @param fingerprint SHA-256 of the node certificate, hex with or without colons
 */
record Tls(String caFile, String fingerprint, boolean skipVerify) {

    /** A short stable name for this trust configuration (used to share HTTP endpoints). */
    String key() {
        return Integer.toHexString((caFile + "|" + normalized(fingerprint) + "|" + skipVerify).hashCode());
    }

    TrustManager trustManager() throws GeneralSecurityException, IOException {
        if (skipVerify) {
            return new pmgr.common.TrustAll();
        }
        if (fingerprint != null && !fingerprint.isBlank()) {
            return new Pinned(normalized(fingerprint));
        }
        KeyStore store = null;
        if (caFile != null && !caFile.isBlank()) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
            } catch (IOException e) {
                throw new IOException("cannot read the Proxmox CA file " + caFile + ": " + e.getMessage(), e);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return tm;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    /** A pinned certificate identifies the node by itself; a CA-signed one must also match the host name. */
    HostnameVerifier hostnameVerifier() {
        return skipVerify || (fingerprint != null && !fingerprint.isBlank())
                ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier();
    }

    static String normalized(String fingerprint) {
        return fingerprint == null ? "" : fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
    }

    /** Trusts exactly the certificate with this SHA-256 fingerprint. */
    private record Pinned(String sha256) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                if (!actual.equals(sha256)) {
                    throw new CertificateException("Proxmox certificate fingerprint " + actual
                            + " does not match the pinned " + sha256);
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
