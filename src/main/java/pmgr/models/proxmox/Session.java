package pmgr.models.proxmox;

import java.time.Duration;
import java.time.Instant;

/** A Proxmox login: ticket and CSRF token, valid for two hours from when it was issued. */
record Session(String username, String ticket, String csrfToken, Instant issuedAt) {
    static final Duration LIFETIME = Duration.ofHours(2);
    /** Renewed well before it expires, so a long run never meets the boundary. */
    static final Duration RENEW_AFTER = Duration.ofMinutes(90);

    boolean needsRenewal(Instant now) {
        return Duration.between(issuedAt, now).compareTo(RENEW_AFTER) >= 0;
    }

    Instant expiresAt() {
        return issuedAt.plus(LIFETIME);
    }
}
