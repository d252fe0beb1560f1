package pmgr.sandbox.proxmox;

/** Who made a request: a user, optionally acting through one of its API tokens. */
record Identity(String user, String tokenId, Request.AuthKind kind) {
    static final Identity NOBODY = new Identity(null, null, Request.AuthKind.NONE);

    /** "root@pam" or "root@pam!homelab", the form UPIDs and the journal carry. */
    String fullId() {
        if (user == null) {
            return null;
        }
        return tokenId == null ? user : user + "!" + tokenId;
    }
}
