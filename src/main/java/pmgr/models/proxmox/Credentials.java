package pmgr.models.proxmox;

/**
 * How calls authenticate: an API token ({@code USER@REALM!TOKENID=SECRET}, no CSRF, no expiry), or a
 * ticket got with the password, renewed when it is old or refused.
 */
record Credentials(String username, String password, String apiToken) {

    boolean usesToken() {
        return apiToken != null && !apiToken.isBlank();
    }
}
