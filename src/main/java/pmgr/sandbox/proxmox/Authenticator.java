package pmgr.sandbox.proxmox;

import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * PVE's auth layer: ticket cookie (or "Authorization: PVEAuthCookie=") first, then API token;
 * CSRF header for every non-GET ticket request. Rejections are empty-body 401s.
 */
final class Authenticator {
    static final String NO_TICKET = "No ticket";
    static final String AUTH_FAILED = "Authentication failed!";
    static final String BAD_CSRF = "Permission denied - invalid csrf token";

    private final Tickets tickets;
    /** "user@realm!tokenid" -> secret */
    private final Map<String, String> tokens;

    Authenticator(Tickets tickets, Map<String, String> tokens) {
        this.tickets = tickets;
        this.tokens = Map.copyOf(tokens);
    }

    Identity authenticate(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        Optional<String> ticket = cookieTicket(request.getHeader("Cookie"));
        if (ticket.isEmpty() && authorization != null && authorization.startsWith("PVEAuthCookie=")) {
            ticket = Optional.of(decode(authorization.substring("PVEAuthCookie=".length()).trim()));
        }
        if (ticket.isPresent()) {
            return byTicket(ticket.get(), request);
        }
        if (authorization != null && authorization.startsWith("PVEAPIToken")) {
            return byToken(authorization);
        }
        throw ApiError.unauthorized(NO_TICKET);
    }

    private Identity byTicket(String ticket, HttpServerRequest request) {
        String user = tickets.verify(ticket).orElseThrow(() -> ApiError.unauthorized(AUTH_FAILED));
        boolean readOnly = "GET".equals(request.method().name()) || "HEAD".equals(request.method().name());
        if (!readOnly && !tickets.csrfValid(user, request.getHeader("CSRFPreventionToken"))) {
            throw ApiError.unauthorized(BAD_CSRF);
        }
        return new Identity(user, null, Request.AuthKind.TICKET);
    }

    /** "PVEAPIToken=USER@REALM!TOKENID=SECRET" or with a space after the scheme; split on the last '='. */
    private Identity byToken(String header) {
        String rest = header.substring("PVEAPIToken".length());
        if (rest.isEmpty() || !(rest.charAt(0) == '=' || Character.isWhitespace(rest.charAt(0)))) {
            throw ApiError.unauthorized(NO_TICKET);
        }
        rest = rest.substring(1).trim();
        int eq = rest.lastIndexOf('=');
        if (eq <= 0) {
            throw ApiError.unauthorized(AUTH_FAILED);
        }
        String tokenId = rest.substring(0, eq).trim();
        String secret = rest.substring(eq + 1).trim();
        String expected = tokens.get(tokenId);
        if (expected == null || secret.isEmpty() || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.unauthorized(AUTH_FAILED);
        }
        int bang = tokenId.indexOf('!');
        return new Identity(tokenId.substring(0, bang), tokenId.substring(bang + 1), Request.AuthKind.TOKEN);
    }

    private static Optional<String> cookieTicket(String cookieHeader) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        for (String cookie : cookieHeader.split(";")) {
            String c = cookie.trim();
            if (c.startsWith("PVEAuthCookie=")) {
                return Optional.of(decode(c.substring("PVEAuthCookie=".length())));
            }
        }
        return Optional.empty();
    }

    /** Cookies may arrive URI-encoded; '+' in the base64 signature must survive. */
    static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
