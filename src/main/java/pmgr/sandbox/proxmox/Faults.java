package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Switches that make the sandbox misbehave the way a real node does on a bad day.
 * All are off until set; {@link #reset()} turns everything off again.
 */
public final class Faults {
    private final Runnable expireTickets;
    private final Set<Integer> agentNotRunning = new HashSet<>();
    private final Set<Integer> agentHangs = new HashSet<>();
    private final Set<Integer> lockTimeout = new HashSet<>();
    private final Set<Integer> ignoresShutdown = new HashSet<>();
    private final Set<String> deniedPrivileges = new HashSet<>();
    private final Map<String, ArrayDeque<String>> failNextTask = new HashMap<>();
    private final List<ServerError> serverErrors = new ArrayList<>();
    private Duration slowTasks;
    private Duration responseDelay = Duration.ZERO;

    private static final class ServerError {
        final String method;
        final Pattern path;
        final int status;
        final String message;
        int remaining;

        ServerError(String method, Pattern path, int status, String message, int remaining) {
            this.method = method;
            this.path = path;
            this.status = status;
            this.message = message;
            this.remaining = remaining;
        }
    }

    Faults(Runnable expireTickets) {
        this.expireTickets = expireTickets;
    }

    /** Every ticket issued so far stops working; the next request using one gets a 401. */
    public void expireAllTickets() {
        expireTickets.run();
    }

    /** The agent never answers: "QEMU guest agent is not running". */
    public synchronized void agentNotRunning(int vmid, boolean on) {
        toggle(agentNotRunning, vmid, on);
    }

    /** The agent hangs mid-command: "... qga command 'guest-network-get-interfaces' failed - got timeout". */
    public synchronized void agentHangs(int vmid, boolean on) {
        toggle(agentHangs, vmid, on);
    }

    /** Another operation holds the config lock: PUT config fails, start/stop tasks end with the lock timeout. */
    public synchronized void lockTimeout(int vmid, boolean on) {
        toggle(lockTimeout, vmid, on);
    }

    /** The guest ignores ACPI power-down, so shutdown runs into its timeout. */
    public synchronized void guestIgnoresShutdown(int vmid, boolean on) {
        toggle(ignoresShutdown, vmid, on);
    }

    /** The next task of this type (e.g. "qmstart") ends with this exit status instead of OK. */
    public synchronized void failNextTask(String taskType, String exitstatus) {
        failNextTask.computeIfAbsent(taskType, k -> new ArrayDeque<>()).add(exitstatus);
    }

    /** Tasks created from now on run this long (a day = "never finishes"); null restores the default. */
    public synchronized void slowTasks(Duration duration) {
        this.slowTasks = duration;
    }

    /** The next {@code times} requests whose API path (below /api2/json) contains a match answer this error. */
    public void serverError(String pathRegex, int status, String message, int times) {
        serverError(null, pathRegex, status, message, times);
    }

    /** As above, only for one HTTP method. */
    public synchronized void serverError(String method, String pathRegex, int status, String message, int times) {
        if (times <= 0) {
            return;
        }
        serverErrors.add(new ServerError(method, Pattern.compile(pathRegex), status, message, times));
    }

    /** Every response is held back this long (to outlast a client's timeout). */
    public synchronized void responseDelay(Duration delay) {
        this.responseDelay = delay == null ? Duration.ZERO : delay;
    }

    /** Checks of this privilege (e.g. "VM.PowerMgmt") fail with 403; VM.Audit also empties the lists. */
    public synchronized void denyPrivilege(String privilege, boolean on) {
        if (on) {
            deniedPrivileges.add(privilege);
        } else {
            deniedPrivileges.remove(privilege);
        }
    }

    public synchronized void reset() {
        agentNotRunning.clear();
        agentHangs.clear();
        lockTimeout.clear();
        ignoresShutdown.clear();
        deniedPrivileges.clear();
        failNextTask.clear();
        serverErrors.clear();
        slowTasks = null;
        responseDelay = Duration.ZERO;
    }

    synchronized boolean agentNotRunning(int vmid) {
        return agentNotRunning.contains(vmid);
    }

    synchronized boolean agentHangs(int vmid) {
        return agentHangs.contains(vmid);
    }

    synchronized boolean lockTimeout(int vmid) {
        return lockTimeout.contains(vmid);
    }

    synchronized boolean ignoresShutdown(int vmid) {
        return ignoresShutdown.contains(vmid);
    }

    synchronized boolean denied(String privilege) {
        return deniedPrivileges.contains(privilege);
    }

    synchronized Optional<String> takeTaskFailure(String taskType) {
        ArrayDeque<String> queue = failNextTask.get(taskType);
        return Optional.ofNullable(queue == null ? null : queue.poll());
    }

    synchronized Optional<Duration> slowTasks() {
        return Optional.ofNullable(slowTasks);
    }

    synchronized Duration responseDelay() {
        return responseDelay;
    }

    synchronized Optional<ApiError> takeServerError(String method, String apiPath) {
        Iterator<ServerError> it = serverErrors.iterator();
        while (it.hasNext()) {
            ServerError e = it.next();
            if ((e.method == null || e.method.equalsIgnoreCase(method)) && e.path.matcher(apiPath).find()) {
                if (--e.remaining <= 0) {
                    it.remove();
                }
                return Optional.of(ApiError.of(e.status, e.message));
            }
        }
        return Optional.empty();
    }

    private static void toggle(Set<Integer> set, int vmid, boolean on) {
        if (on) {
            set.add(vmid);
        } else {
            set.remove(vmid);
        }
    }
}
