package pmgr.sandbox.proxmox;

/** One endpoint: returns the "data" payload (or a {@link Reply}), or throws {@link ApiError}. */
@FunctionalInterface
interface ApiHandler {
    Object handle(ApiCall call);
}
