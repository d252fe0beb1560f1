package pmgr.sandbox.proxmox;

import java.util.Map;

/** A payload with siblings of "data" in the envelope, such as the task log's "total". */
record Reply(Object data, Map<String, Object> extras) {
}
