package pmgr.sandbox.discord;

/** A successful answer: 200 with a JSON body, or 204 without one. */
record RestReply(int status, Object body) {

    static RestReply ok(Object body) {
        return new RestReply(200, body);
    }

    static RestReply noContent() {
        return new RestReply(204, null);
    }
}
