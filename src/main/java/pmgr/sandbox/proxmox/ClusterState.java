package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Nodes, VMs and tasks of the fake cluster. Not thread-safe by itself: the server and the
 * public facade synchronize on this object around every use.
 */
final class ClusterState {
    private final List<String> nodes;
    private final Map<Integer, VmState> vms = new TreeMap<>();
    private final TaskTable tasks;
    private final Faults faults;
    private final Random random;
    private final LongSupplier nanoTime;
    private final Duration taskDuration;
    private final Function<String, String> guestIpFor;
    private final Duration agentBootTime;
    private final BiConsumer<String, Boolean> powerListener;
    private final boolean shuffleLists;
    private GuestBoot guestBoot;
    private int guestIpCounter;
    private int nextPid = 48213;

    record Settings(List<String> nodes, Duration taskDuration, Function<String, String> guestIpFor,
            Duration agentBootTime, BiConsumer<String, Boolean> powerListener, boolean shuffleLists, long seed) {
    }

    ClusterState(Settings settings, TaskTable tasks, Faults faults, LongSupplier nanoTime) {
        this.nodes = List.copyOf(settings.nodes());
        this.taskDuration = settings.taskDuration();
        this.guestIpFor = settings.guestIpFor();
        this.agentBootTime = settings.agentBootTime();
        this.powerListener = settings.powerListener();
        this.shuffleLists = settings.shuffleLists();
        this.random = new Random(settings.seed());
        this.tasks = tasks;
        this.faults = faults;
        this.nanoTime = nanoTime;
    }

    List<String> nodes() {
        return nodes;
    }

    TaskTable tasks() {
        return tasks;
    }

    Faults faults() {
        return faults;
    }

    long now() {
        return nanoTime.getAsLong();
    }

    void settle() {
        tasks.settle();
    }

    /** Unknown nodes fail like a proxy that cannot resolve the target. */
    String requireNode(String node) {
        if (!nodes.contains(node)) {
            throw ApiError.internal("hostname lookup '" + node + "' failed - failed to get address info for: "
                    + node + ": Name or service not known");
        }
        return node;
    }

    /** The VM if it lives on that node; otherwise PVE's "config file does not exist". */
    VmState requireVm(String node, int vmid) {
        requireNode(node);
        VmState vm = vms.get(vmid);
        if (vm == null || !vm.node.equals(node)) {
            throw ApiError.noSuchVm(node, vmid);
        }
        return vm;
    }

    Optional<VmState> vm(int vmid) {
        return Optional.ofNullable(vms.get(vmid));
    }

    Collection<VmState> allVms() {
        return vms.values();
    }

    /** A node's VMs in PVE's unstable (hash) order unless sorted lists were asked for. */
    List<VmState> vmsOn(String node) {
        List<VmState> list = new ArrayList<>();
        for (VmState vm : vms.values()) {
            if (vm.node.equals(node)) {
                list.add(vm);
            }
        }
        if (shuffleLists) {
            Collections.shuffle(list, random);
        }
        return list;
    }

    int nextFreeVmid() {
        int id = 100;
        while (vms.containsKey(id)) {
            id++;
        }
        return id;
    }

    VmState register(VmState vm) {
        vms.put(vm.vmid, vm);
        return vm;
    }

    void remove(int vmid) {
        vms.remove(vmid);
    }

    /** A fresh MAC in Proxmox's OUI, unique within the sandbox. */
    String newMac() {
        while (true) {
            String mac = String.format(Locale.ROOT, "BC:24:11:%02X:%02X:%02X",
                    random.nextInt(256), random.nextInt(256), random.nextInt(256));
            boolean taken = vms.values().stream().anyMatch(vm -> mac.equals(vm.net0Mac()));
            if (!taken) {
                return mac;
            }
        }
    }

    String nextGuestIp(String vmName) {
        if (guestIpFor != null) {
            String ip = guestIpFor.apply(vmName);
            if (ip != null) {
                return ip;
            }
        }
        return "10.0.0." + (100 + guestIpCounter++);
    }

    /** Agent readiness delay for VMs created through the API. */
    Duration agentBootTime() {
        return agentBootTime;
    }

    int newPid() {
        nextPid += 1 + random.nextInt(50);
        return nextPid;
    }

    /** What boots inside VMs at power-on (null: every VM keeps its seeded agent setting). */
    void guestBoot(GuestBoot boot) {
        this.guestBoot = boot;
    }

    void powerOn(VmState vm) {
        boolean changed = !vm.running;
        vm.powerOn(now(), newPid());
        if (changed && guestBoot != null) {
            guestBoot.boot(vm.snapshot(now())).ifPresent(agent -> vm.agentInstalled = agent);
        }
        if (changed && powerListener != null) {
            powerListener.accept(vm.name(), true);
        }
    }

    void powerOff(VmState vm) {
        boolean changed = vm.running;
        vm.powerOff(now());
        if (changed && powerListener != null) {
            powerListener.accept(vm.name(), false);
        }
    }

    /** What the guest agent reports; the default guest has lo and an eth0 carrying net0's MAC. */
    List<Nic> guestInterfaces(VmState vm) {
        if (vm.interfaces != null) {
            return vm.interfaces;
        }
        List<Nic> nics = new ArrayList<>();
        nics.add(Nic.loopback());
        String mac = vm.net0Mac();
        if (mac != null && vm.guestIp != null) {
            nics.add(Nic.eth0(mac, vm.guestIp));
        }
        return nics;
    }

    /** Has the guest booted far enough that its agent answers? */
    boolean agentAnswering(VmState vm) {
        return vm.running && vm.agentEnabled() && vm.agentInstalled && !faults.agentNotRunning(vm.vmid)
                && now() - vm.startedNanos >= vm.agentReadyAfter.toNanos();
    }

    /**
     * Starts a task whose outcome is {@code failure} (null = success unless a failNextTask
     * fault is queued for its type).
     */
    TaskState startTask(String node, String type, int vmid, Identity who, String failure, Runnable onSuccess,
            Runnable onFailure, List<String> progress) {
        return startTask(node, type, vmid, who, null, failure, onSuccess, onFailure, progress);
    }

    TaskState startTask(String node, String type, int vmid, Identity who, Duration duration, String failure,
            Runnable onSuccess, Runnable onFailure, List<String> progress) {
        String outcome = failure != null ? failure : faults.takeTaskFailure(type).orElse(null);
        Duration runFor = duration != null ? duration : defaultTaskDuration();
        return tasks.start(new TaskTable.Plan(node, type, String.valueOf(vmid), who, runFor, outcome, onSuccess,
                onFailure, progress));
    }

    Duration defaultTaskDuration() {
        return faults.slowTasks().orElse(taskDuration);
    }

    /** Builds the config a seeded VM starts with. */
    VmState seed(VmSpec spec) {
        String node = requireNode(spec.node() == null ? nodes.get(0) : spec.node());
        if (vms.containsKey(spec.vmid())) {
            throw new IllegalArgumentException("VM " + spec.vmid() + " already exists");
        }
        VmState vm = new VmState(spec.vmid(), node, now() - Duration.ofDays(1).toNanos());
        vm.previousStatus = "stopped";
        Map<String, String> c = vm.config;
        if (spec.name() != null) {
            c.put("name", spec.name());
        }
        c.put("memory", String.valueOf(spec.memoryMiB()));
        c.put("cores", String.valueOf(spec.cores()));
        c.put("sockets", String.valueOf(spec.sockets()));
        c.put("ostype", "l26");
        if (spec.agentEnabled()) {
            c.put("agent", "1");
        }
        c.put("boot", spec.diskGiB() > 0 ? "order=scsi0;net0" : "order=net0");
        c.put("net0", "virtio=" + net0MacFor(spec) + ",bridge=vmbr0");
        c.put("scsihw", "virtio-scsi-single");
        if (spec.diskGiB() > 0) {
            c.put("scsi0", "local-lvm:vm-" + spec.vmid() + "-disk-0,iothread=1,size=" + spec.diskGiB() + "G");
        }
        c.put("smbios1", "uuid=" + uuid());
        c.put("vmgenid", uuid());
        if (spec.protection()) {
            c.put("protection", "1");
        }
        if (spec.lock() != null) {
            c.put("lock", spec.lock());
        }
        if (spec.tags() != null) {
            c.put("tags", spec.tags());
        }
        c.putAll(spec.extraConfig());
        vm.agentInstalled = spec.agentInstalled();
        vm.agentReadyAfter = spec.agentReadyAfter();
        vm.interfaces = spec.interfaces();
        vm.guestIp = spec.interfaces() == null ? nextGuestIp(vm.name()) : null;
        register(vm);
        if (spec.running()) {
            vm.powerOn(now(), newPid());
            // seeded state is old news: cluster/resources must not show it as a fresh change
            vm.statusChangedNanos = now() - Duration.ofDays(1).toNanos();
        }
        return vm;
    }

    private String net0MacFor(VmSpec spec) {
        if (spec.net0Mac() != null) {
            return spec.net0Mac().toUpperCase(Locale.ROOT);
        }
        if (spec.interfaces() != null) {
            for (Nic nic : spec.interfaces()) {
                if (looksLikeUplink(nic)) {
                    return nic.hardwareAddress().toUpperCase(Locale.ROOT);
                }
            }
        }
        return newMac();
    }

    /** The first NIC that is not loopback, a tunnel or a Docker/veth device is the VM's net0. */
    private static boolean looksLikeUplink(Nic nic) {
        String n = nic.name();
        return nic.hardwareAddress() != null && !n.equals("lo") && !n.startsWith("docker") && !n.startsWith("br-")
                && !n.startsWith("veth") && !n.startsWith("tailscale") && !n.startsWith("wg");
    }

    String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    Map<Integer, VmSnapshot> snapshots() {
        Map<Integer, VmSnapshot> all = new LinkedHashMap<>();
        vms.values().forEach(vm -> all.put(vm.vmid, vm.snapshot(now())));
        return all;
    }
}
