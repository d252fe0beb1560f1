package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.List;

/**
 * status/start|stop|shutdown|reboot|reset. All answer a UPID at once; the power state flips
 * when the task finishes. Failures that PVE detects inside the worker surface as the task's
 * exit status, not as HTTP errors.
 */
final class PowerApi {
    private static final ParamSchema START = ParamSchema.builder()
            .integer("timeout", 0L, 86400L)
            .bool("skiplock", "with-conntrack-state")
            .string("machine", "migratedfrom", "migration_network", "stateuri", "targetstorage", "force-cpu",
                    "nets-host-mtu")
            .add("migration_type", ParamSchema.Param.oneOf("secure", "insecure"))
            .build();
    private static final ParamSchema STOP = ParamSchema.builder()
            .integer("timeout", 0L, null)
            .bool("skiplock", "keepActive", "overrule-shutdown")
            .string("migratedfrom")
            .build();
    private static final ParamSchema SHUTDOWN = ParamSchema.builder()
            .integer("timeout", 0L, null)
            .bool("skiplock", "keepActive", "forceStop")
            .build();
    private static final ParamSchema REBOOT = ParamSchema.builder().integer("timeout", 0L, null).build();
    private static final ParamSchema RESET = ParamSchema.builder().bool("skiplock").build();
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterState cluster;

    PowerApi(ClusterState cluster) {
        this.cluster = cluster;
    }

    void register(Router router) {
        router.add("POST", "/nodes/{node}/qemu/{vmid}/status/start", START, this::start);
        router.add("POST", "/nodes/{node}/qemu/{vmid}/status/stop", STOP, this::stop);
        router.add("POST", "/nodes/{node}/qemu/{vmid}/status/shutdown", SHUTDOWN, this::shutdown);
        router.add("POST", "/nodes/{node}/qemu/{vmid}/status/reboot", REBOOT, this::reboot);
        router.add("POST", "/nodes/{node}/qemu/{vmid}/status/reset", RESET, this::reset);
    }

    private VmState target(ApiCall call) {
        VmState vm = cluster.requireVm(call.node(), call.vmid());
        call.require(VmRules.aclPath(vm.vmid), "VM.PowerMgmt");
        VmRules.rootOnly(call, "skiplock", "migratedfrom", "keepActive", "stateuri", "machine", "targetstorage",
                "force-cpu", "nets-host-mtu", "migration_network", "migration_type");
        return vm;
    }

    private Object start(ApiCall call) {
        VmState vm = target(call);
        String failure = VmRules.lockProblem(cluster, vm, call.flag("skiplock"));
        if (failure == null && vm.running) {
            failure = "VM " + vm.vmid + " already running";
        }
        if (failure == null && vm.isTemplate()) {
            failure = "you can't start a vm if it's a template";
        }
        return cluster.startTask(vm.node, "qmstart", vm.vmid, call.who(), failure, () -> cluster.powerOn(vm),
                null, List.of()).upid().toString();
    }

    /** Hard stop; stopping a stopped VM is a successful no-op. */
    private Object stop(ApiCall call) {
        VmState vm = target(call);
        String failure = VmRules.lockProblem(cluster, vm, call.flag("skiplock"));
        if (call.flag("overrule-shutdown")) {
            cluster.tasks().running("qmshutdown", String.valueOf(vm.vmid))
                    .forEach(t -> t.fail("interrupted by signal"));
        }
        return cluster.startTask(vm.node, "qmstop", vm.vmid, call.who(), failure, () -> cluster.powerOff(vm),
                null, List.of()).upid().toString();
    }

    /**
     * ACPI power-down: the guest needs the normal task duration to go down. If it ignores ACPI or
     * the timeout is shorter, the task ends at the timeout: failed, or forced off with forceStop=1.
     */
    private Object shutdown(ApiCall call) {
        VmState vm = target(call);
        String failure = VmRules.lockProblem(cluster, vm, call.flag("skiplock"));
        if (failure != null || !vm.running) {
            return cluster.startTask(vm.node, "qmshutdown", vm.vmid, call.who(), failure, null, null, List.of())
                    .upid().toString();
        }
        Duration timeout = call.integer("timeout").map(Duration::ofSeconds).orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        Duration normal = cluster.defaultTaskDuration();
        boolean timesOut = cluster.faults().ignoresShutdown(vm.vmid) || timeout.compareTo(normal) < 0;
        if (!timesOut) {
            return cluster.startTask(vm.node, "qmshutdown", vm.vmid, call.who(), normal, null,
                    () -> cluster.powerOff(vm), null, List.of()).upid().toString();
        }
        if (call.flag("forceStop")) {
            return cluster.startTask(vm.node, "qmshutdown", vm.vmid, call.who(), timeout, null,
                    () -> cluster.powerOff(vm), null,
                    List.of("VM still running - terminating now with SIGTERM")).upid().toString();
        }
        return cluster.startTask(vm.node, "qmshutdown", vm.vmid, call.who(), timeout,
                "VM quit/powerdown failed - got timeout", null, null, List.of()).upid().toString();
    }

    /** Shutdown plus start: the one API path (besides stop/start) that applies pending changes. */
    private Object reboot(ApiCall call) {
        VmState vm = target(call);
        if (!vm.running) {
            throw ApiError.internal("VM " + vm.vmid + " not running");
        }
        String failure = VmRules.lockProblem(cluster, vm, false);
        Duration duration = null;
        if (failure == null && cluster.faults().ignoresShutdown(vm.vmid)) {
            failure = "VM quit/powerdown failed - got timeout";
            duration = call.integer("timeout").map(Duration::ofSeconds).orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        }
        return cluster.startTask(vm.node, "qmreboot", vm.vmid, call.who(), duration, failure,
                () -> {
                    cluster.powerOff(vm);
                    cluster.powerOn(vm);
                }, null, List.of()).upid().toString();
    }

    /** Hard reset: the guest reboots, pending changes stay pending. */
    private Object reset(ApiCall call) {
        VmState vm = target(call);
        if (!vm.running) {
            throw ApiError.internal("VM " + vm.vmid + " not running");
        }
        String failure = VmRules.lockProblem(cluster, vm, call.flag("skiplock"));
        return cluster.startTask(vm.node, "qmreset", vm.vmid, call.who(), failure,
                () -> vm.startedNanos = cluster.now(), null, List.of()).upid().toString();
    }
}
