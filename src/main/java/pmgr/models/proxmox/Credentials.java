package pmgr.models.proxmox;

/**
 * How calls authenticate: an API token ({@code USER@REALM!TOKENID=SECRET}, no CSRF, no expiry), or a
 * ticket - the one wired in from stored data, renewed with the password (or the ticket itself)
 * when it is old or refused.
 */
record Credentials(String username, String password, String apiToken, Session wired) {

    boolean usesToken() {
        return apiToken != null && !apiToken.isBlank();
    }
}
