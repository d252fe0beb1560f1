package pmgr.sandbox.proxmox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks PVE login tickets and CSRF tokens; validity follows the injected clock.
 * Real tickets carry a 2048-bit RSA signature (344 base64 characters). The fake signs with
 * HMAC-SHA512 stretched to the same 256 bytes: same shape for clients, no slow RSA key generation.
 */
final class Tickets {
    static final long LIFETIME_SECONDS = 7200;
    private static final long CLOCK_SKEW_SECONDS = 300;

    private final Clock clock;
    private final byte[] ticketSecret = new byte[64];
    private final byte[] csrfSecret = new byte[32];
    /** Signatures alone cannot be revoked; this set lets expireAll() invalidate what was issued. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    record Issued(String user, String ticket, String csrfToken) {
    }

    Tickets(Clock clock) {
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        random.nextBytes(ticketSecret);
        random.nextBytes(csrfSecret);
    }

    Issued issue(String user) {
        String time = hexTime();
        String plain = "PVE:" + user.replace(":", "%3A") + ":" + time;
        String ticket = plain + "::" + sign(plain);
        live.add(ticket);
        return new Issued(user, ticket, time + ":" + csrfSignature(time, user));
    }

    /** The ticket's user, if it is genuine, not revoked and inside its 2 h window. */
    Optional<String> verify(String ticket) {
        if (ticket == null || !live.contains(ticket)) {
            return Optional.empty();
        }
        int split = ticket.indexOf("::");
        String[] parts = ticket.substring(0, split).split(":");
        if (parts.length != 3 || !verifySignature(ticket.substring(0, split), ticket.substring(split + 2))) {
            return Optional.empty();
        }
        return withinLifetime(parts[2]) ? Optional.of(parts[1].replace("%3A", ":")) : Optional.empty();
    }

    boolean csrfValid(String user, String token) {
        if (token == null) {
            return false;
        }
        int colon = token.indexOf(':');
        if (colon != 8) {
            return false;
        }
        String time = token.substring(0, colon);
        byte[] expected = csrfSignature(time, user).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(colon + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) && withinLifetime(time);
    }

    void expireAll() {
        live.clear();
    }

    private boolean withinLifetime(String hexTime) {
        long issued;
        try {
            issued = Long.parseLong(hexTime, 16);
        } catch (NumberFormatException e) {
            return false;
        }
        long age = clock.instant().getEpochSecond() - issued;
        return age > -CLOCK_SKEW_SECONDS && age < LIFETIME_SECONDS;
    }

    private String hexTime() {
        return String.format(Locale.ROOT, "%08X", clock.instant().getEpochSecond());
    }

    /** Four HMAC-SHA512 blocks over "block:plain" = 256 bytes, the size of an RSA-2048 signature. */
    private String sign(String plain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(ticketSecret, "HmacSHA512"));
            byte[] signature = new byte[256];
            for (int block = 0; block < 4; block++) {
                byte[] part = mac.doFinal((block + ":" + plain).getBytes(StandardCharsets.UTF_8));
                System.arraycopy(part, 0, signature, block * 64, 64);
            }
            return Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean verifySignature(String plain, String signature) {
        return MessageDigest.isEqual(sign(plain).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** HMAC-SHA256 of "time:user", base64 without padding (43 characters). */
    private String csrfSignature(String time, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(csrfSecret, "HmacSHA256"));
            byte[] digest = mac.doFinal((time + ":" + user).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
