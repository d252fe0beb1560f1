package pmgr.models.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.Nullable;
import pmgr.model.ResourceSpec;

/**
 * {@code proxmox/vm}: the fleet. One definition manages every VM of the cluster; each method writes the
 * named resource {@code vm/<vmName>} (vmid, node, status, ip, memory, cpus...). Operations go to the
 * node that holds the VM. Destructive ones verify what they are about to act on first.
 */
public final class ProxmoxVmModel extends AbstractModelType<ProxmoxVmModel.Globals> {
    static final String VM_NAME = "[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?";
    static final String VM_NAME_HINT = "a DNS-style VM name (letters, digits, '-' and '.')";
    private static final Pattern CONFIG_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public record Globals(
            @Arg(description = "The Proxmox API connection (pmgr.lab.proxmox.* fill in what is not given)") ProxmoxConnection proxmox,
            @Arg(description = "Node where new VMs are created (operations go to the node holding each VM)",
                    defaultValue = "${{ lab.proxmox.node }}") String node,
            @Arg(description = "Longest wait for one Proxmox task, seconds", defaultValue = "${{ lab.proxmox.taskTimeoutSeconds }}", min = 1) long taskTimeoutSeconds,
            @Arg(description = "How often tasks and the guest agent are polled, milliseconds", defaultValue = "${{ lab.proxmox.pollMillis }}", min = 10) long pollMillis) {
    }

    public record VmName(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName) {
    }

    public record CreateArgs(
            @Arg(description = "Name for the new VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Arg(description = "Memory in MiB", defaultValue = "2048", min = 16) long memory,
            @Arg(description = "CPU cores", defaultValue = "2", min = 1, max = 128) long cores,
            @Arg(description = "CPU sockets", defaultValue = "1", min = 1, max = 4) long sockets,
            @Arg(description = "Disk size in GiB; 0 = no disk (PXE only)", defaultValue = "32", min = 0) long diskSize,
            @Arg(description = "Storage for the disk", defaultValue = "local-lvm", pattern = "[A-Za-z0-9._-]+") String diskStorage,
            @Arg(description = "Network bridge", defaultValue = "vmbr0", pattern = "[A-Za-z0-9._-]+") String networkBridge,
            @Arg(description = "Guest OS type", defaultValue = "l26", pattern = "[a-z0-9]+") String osType,
            @Nullable @Arg(description = "Node to create it on (default: the definition's node)", pattern = "[A-Za-z0-9.-]+") String node) {
    }

    public record StartArgs(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Arg(description = "Longest wait for the guest agent to report an IP, seconds", defaultValue = "120", min = 1) long waitSeconds) {
    }

    public record StopArgs(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Nullable @Arg(description = "Expected vmid: the stop is refused if the VM has another", min = 100) Long vmid) {
    }

    public record ShutdownArgs(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Nullable @Arg(description = "Expected vmid: refused if the VM has another", min = 100) Long vmid,
            @Arg(description = "Seconds the guest gets to shut down before it is stopped hard", defaultValue = "60", min = 1) long timeoutSeconds) {
    }

    public record DeleteArgs(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Arg(description = "Expected vmid (required): the delete is refused if the VM has another", min = 100) long vmid) {
    }

    public record BootArgs(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Arg(description = "Boot order, e.g. order=scsi0;net0", pattern = "order=[a-z]+\\d+(;[a-z]+\\d+)*",
                    patternHint = "order=<device>[;<device>...] such as order=scsi0;net0") String boot) {
    }

    public record ConfigArgs(
            @Arg(description = "Name of the VM", pattern = VM_NAME, patternHint = VM_NAME_HINT) String vmName,
            @Arg(description = "Options to set, e.g. {agent: '1', cores: 4}") Map<String, Object> config) {
    }

    public ProxmoxVmModel() {
        super("proxmox/vm", "2026.11.28.1",
                "The fleet: every VM of the Proxmox cluster, one named resource per VM",
                Globals.class,
                List.of(new ResourceSpec("vm", "One VM: vmid, node, status, ip, memory, cpus, and what the last method did")));
    }

    @Override
    public List<String> startupWarnings(String instance, Map<String, Object> globals) {
        return ProxmoxConnection.tlsWarnings(instance, globals);
    }

    @Override
    public List<ModelMethod<?>> methods() {
        List<String> vm = List.of("vm");
        return List.of(
                method("lookup", "Find a VM by name and record its vmid, node, status and IP", VmName.class, vm,
                        (g, a, ctx) -> lookup(ctx, g, a)),
                method("create", "Create a VM (PXE-first boot order, guest agent on)", CreateArgs.class, vm,
                        (g, a, ctx) -> create(ctx, g, a)),
                method("start", "Start a VM if it is stopped and wait for its IP (idempotent)", StartArgs.class, vm,
                        (g, a, ctx) -> start(ctx, g, a)),
                method("stop", "Power a VM off hard (idempotent; verifies the vmid when given)", StopArgs.class, vm,
                        (g, a, ctx) -> stop(ctx, g, a)),
                method("shutdown", "Shut a VM down gracefully, stopping it hard if it does not finish in time",
                        ShutdownArgs.class, vm, (g, a, ctx) -> shutdown(ctx, g, a)),
                method("delete", "Delete a VM after verifying its vmid and name; never a protected VM",
                        DeleteArgs.class, vm, (g, a, ctx) -> delete(ctx, g, a)),
                method("setBootOrder", "Set a VM's boot order", BootArgs.class, vm, (g, a, ctx) -> setBootOrder(ctx, g, a)),
                method("setConfig", "Set VM config options", ConfigArgs.class, vm, (g, a, ctx) -> setConfig(ctx, g, a)),
                method("sync", "Record every VM of the cluster (status, node, IP of running ones)", NoArgs.class, vm,
                        (g, a, ctx) -> sync(ctx, g)));
    }

    private static Cluster cluster(MethodContext ctx, Globals g) {
        return new Cluster(g.proxmox().api(ctx), Duration.ofMillis(g.pollMillis()), Duration.ofSeconds(g.taskTimeoutSeconds()));
    }

    /** The attributes every write of vm/<name> carries. */
    private static Map<String, Object> vmData(VmRef vm, JsonNode current, String status, String ip) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("vmid", vm.vmid());
        d.put("vmName", vm.name());
        d.put("node", vm.node());
        d.put("status", status);
        d.put("ip", ip);
        if (current != null) {
            d.put("memory", current.path("maxmem").asLong() >> 20);
            d.put("cpus", current.path("cpus").asLong());
        }
        d.put("timestamp", Instant.now().toString());
        return d;
    }

    private static void found(MethodContext ctx, VmRef vm, String status) {
        ctx.log("Found VM \"" + vm.name() + "\" -> vmid " + vm.vmid() + " on " + vm.node() + " [" + status + "]");
    }

    private void lookup(MethodContext ctx, Globals g, VmName a) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        ctx.log("Looking up VM \"" + a.vmName() + "\"");
        VmRef vm = c.find(a.vmName());
        JsonNode cur = c.current(vm);
        String status = cur.path("status").asText();
        found(ctx, vm, status);
        String ip = null;
        if ("running".equals(status)) {
            StringBuilder why = new StringBuilder();
            ip = c.awaitIp(vm, Duration.ofSeconds(15), why).orElse(null);
            ctx.log(ip == null ? "Could not get an IP from the guest agent within 15s (" + why + ")" : "Got IP: " + ip);
        }
        ctx.write("vm", vm.name(), vmData(vm, cur, status, ip));
    }

    private void create(MethodContext ctx, Globals g, CreateArgs a) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        String node = a.node() == null ? g.node() : a.node();
        ctx.log("Creating VM \"" + a.vmName() + "\" on node " + node);
        c.vms().stream().filter(v -> v.name().equals(a.vmName())).findFirst().ifPresent(v -> {
            throw new IllegalStateException("refused: a VM named \"" + a.vmName() + "\" already exists (vmid " + v.vmid()
                    + " on " + v.node() + "); names identify VMs, so they must be unique");
        });
        boolean disk = a.diskSize() > 0;
        ctx.log("Specs: " + a.memory() + "MB RAM, " + a.cores() + " cores, " + (disk ? a.diskSize() + "GB disk" : "no disk (PXE)"));
        for (int attempt = 1; ; attempt++) {
            long vmid = Cluster.number(c.api().get("/cluster/nextid", Map.of()));
            ctx.log("Got next VM ID: " + vmid);
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("vmid", vmid);
            form.put("name", a.vmName());
            form.put("memory", a.memory());
            form.put("cores", a.cores());
            form.put("sockets", a.sockets());
            form.put("ostype", a.osType());
            form.put("agent", 1);
            form.put("boot", disk ? "order=net0;scsi0" : "order=net0");
            form.put("net0", "virtio,bridge=" + a.networkBridge());
            form.put("scsihw", "virtio-scsi-single");
            form.put("smbios1", "base64=1,serial=" + Base64.getEncoder().encodeToString(a.vmName().getBytes(StandardCharsets.UTF_8)));
            if (disk) {
                form.put("scsi0", a.diskStorage() + ":" + a.diskSize() + ",format=raw");
            }
            String upid;
            try {
                upid = c.api().post("/nodes/" + node + "/qemu", form).asText();
            } catch (ProxmoxApiException e) {
                if (attempt < 3 && e.getMessage().contains("already exists")) {
                    ctx.log("vmid " + vmid + " was taken meanwhile; trying the next one");
                    continue;
                }
                throw e;
            }
            ctx.log("VM creation task started, waiting for completion");
            c.awaitTask(upid, "creating VM \"" + a.vmName() + "\" (vmid " + vmid + ")");
            ctx.log("VM " + vmid + " (\"" + a.vmName() + "\") created");
            VmRef vm = new VmRef(vmid, a.vmName(), node, "stopped");
            Map<String, Object> d = vmData(vm, c.current(vm), "stopped", null);
            d.put("success", true);
            ctx.write("vm", vm.name(), d);
            return;
        }
    }

    private void start(MethodContext ctx, Globals g, StartArgs a) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        ctx.log("Ensuring VM \"" + a.vmName() + "\" is running");
        VmRef vm = c.find(a.vmName());
        String status = c.current(vm).path("status").asText();
        found(ctx, vm, status);
        boolean started = false;
        if ("stopped".equals(status)) {
            ctx.log("VM is stopped, starting");
            String upid = c.api().post(vm.path() + "/status/start", Map.of()).asText();
            c.awaitTask(upid, "starting VM \"" + vm.name() + "\" (vmid " + vm.vmid() + ")");
            started = true;
            ctx.log("VM " + vm.vmid() + " started");
        } else {
            ctx.log("VM is already " + status);
        }
        ctx.log("Waiting for the guest agent's IP (up to " + a.waitSeconds() + "s)");
        StringBuilder why = new StringBuilder();
        String ip = c.awaitIp(vm, Duration.ofSeconds(a.waitSeconds()), why).orElseThrow(() -> new IllegalStateException(
                "VM \"" + a.vmName() + "\" (vmid " + vm.vmid() + ") is running but the guest agent gave no usable IPv4 within "
                        + a.waitSeconds() + "s (last answer: " + why + "). Is qemu-guest-agent installed and the agent enabled?"));
        ctx.log("Got IP: " + ip);
        Map<String, Object> d = vmData(vm, c.current(vm), "running", ip);
        d.put("wasStarted", started);
        ctx.write("vm", vm.name(), d);
    }

    /**
     * Re-reads the VM and refuses when it is not the one meant: another vmid than expected, or the
     * vmid now carries another name.
     */
    private static VmRef verified(Cluster c, String action, String vmName, Long expectedVmid) {
        VmRef vm = c.find(vmName);
        if (expectedVmid != null && vm.vmid() != expectedVmid) {
            throw new IllegalStateException("refused to " + action + " VM \"" + vmName + "\": it has vmid " + vm.vmid()
                    + " (on " + vm.node() + "), but vmid " + expectedVmid + " was expected");
        }
        String liveName = c.current(vm).path("name").asText();
        if (!vmName.equals(liveName)) {
            throw new IllegalStateException("refused to " + action + " VM \"" + vmName + "\": vmid " + vm.vmid()
                    + " is now named \"" + liveName + "\"");
        }
        return vm;
    }

    private void stop(MethodContext ctx, Globals g, StopArgs a) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        ctx.log("Stopping VM \"" + a.vmName() + "\"" + (a.vmid() == null ? "" : " (expected vmid " + a.vmid() + ")"));
        VmRef vm = verified(c, "stop", a.vmName(), a.vmid());
        JsonNode cur = c.current(vm);
        found(ctx, vm, cur.path("status").asText());
        if (!"stopped".equals(cur.path("status").asText())) {
            hardStop(c, ctx, vm);
        } else {
            ctx.log("VM is already stopped");
        }
        Map<String, Object> d = vmData(vm, c.current(vm), "stopped", null);
        d.put("success", true);
        ctx.write("vm", vm.name(), d);
    }

    private static void hardStop(Cluster c, MethodContext ctx, VmRef vm) throws InterruptedException {
        ctx.log("Sending stop command for VM " + vm.vmid());
        String upid = c.api().post(vm.path() + "/status/stop", Map.of()).asText();
        c.awaitTask(upid, "stopping VM \"" + vm.name() + "\" (vmid " + vm.vmid() + ")");
        ctx.log("VM " + vm.vmid() + " stopped");
    }

    private void shutdown(MethodContext ctx, Globals g, ShutdownArgs a) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        ctx.log("Shutting down VM \"" + a.vmName() + "\" (up to " + a.timeoutSeconds() + "s, then a hard stop)");
        VmRef vm = verified(c, "shut down", a.vmName(), a.vmid());
        JsonNode cur = c.current(vm);
        found(ctx, vm, cur.path("status").asText());
        boolean graceful = true;
        if (!"stopped".equals(cur.path("status").asText())) {
            String upid = c.api().post(vm.path() + "/status/shutdown", Map.of("timeout", a.timeoutSeconds())).asText();
            try {
                c.awaitTask(upid, "shutting down VM \"" + vm.name() + "\"");
            } catch (ProxmoxApiException e) {
                graceful = false;
                ctx.log("Graceful shutdown did not complete (" + e.getMessage() + "); stopping hard");
            }
            if (!"stopped".equals(c.current(vm).path("status").asText())) {
                graceful = false;
                hardStop(c, ctx, vm);
            } else {
                ctx.log("VM " + vm.vmid() + " is stopped" + (graceful ? " (graceful shutdown)" : ""));
            }
        } else {
            ctx.log("VM is already stopped");
        }
        Map<String, Object> d = vmData(vm, c.current(vm), "stopped", null);
        d.put("success", true);
        d.put("graceful", graceful);
        ctx.write("vm", vm.name(), d);
    }

    private void delete(MethodContext ctx, Globals g, DeleteArgs a) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        ctx.log("Deleting VM \"" + a.vmName() + "\" (expected vmid " + a.vmid() + ")");
        VmRef vm = verified(c, "delete", a.vmName(), a.vmid());
        Map<String, String> config = c.config(vm);
        if ("1".equals(config.get("protection"))) {
            throw new IllegalStateException("refused to delete VM \"" + a.vmName() + "\" (vmid " + vm.vmid()
                    + "): it is protected (protection: 1 in its config); protected VMs are never deleted");
        }
        JsonNode cur = c.current(vm);
        found(ctx, vm, cur.path("status").asText());
        if (!"stopped".equals(cur.path("status").asText())) {
            ctx.log("VM is " + cur.path("status").asText() + ", stopping first");
            hardStop(c, ctx, vm);
        }
        ctx.log("Sending delete command for VM " + vm.vmid());
        String upid = c.api().delete(vm.path(), Map.of("purge", true, "destroy-unreferenced-disks", true)).asText();
        c.awaitTask(upid, "deleting VM \"" + vm.name() + "\" (vmid " + vm.vmid() + ")");
        ctx.log("VM " + vm.vmid() + " deleted");
        Map<String, Object> d = vmData(vm, null, "deleted", null);
        d.put("success", true);
        ctx.write("vm", vm.name(), d);
    }

    private void setBootOrder(MethodContext ctx, Globals g, BootArgs a) {
        Cluster c = cluster(ctx, g);
        ctx.log("Setting boot order for VM \"" + a.vmName() + "\" to: " + a.boot());
        VmRef vm = c.find(a.vmName());
        checkBootDevices(a, vm, c.config(vm));
        c.api().put(vm.path() + "/config", Map.of("boot", a.boot()));
        ctx.log("Boot order updated for VM " + vm.vmid() + " (applies at the next start from the API)");
        JsonNode cur = c.current(vm);
        Map<String, Object> d = vmData(vm, cur, cur.path("status").asText(), null);
        d.put("boot", a.boot());
        d.put("success", true);
        ctx.write("vm", vm.name(), d);
    }

    /** Each device of the order must be one of the VM's, once: a typo would leave the VM booting nothing. */
    private static void checkBootDevices(BootArgs a, VmRef vm, Map<String, String> config) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String device : a.boot().substring("order=".length()).split(";")) {
            if (!seen.add(device)) {
                throw new IllegalArgumentException("argument 'boot' names " + device + " twice: each device is listed once");
            }
            if (!config.containsKey(device)) {
                String devices = config.keySet().stream().filter(k -> k.matches("(net|scsi|virtio|sata|ide|efidisk|hostpci|usb)\\d+"))
                        .sorted().collect(java.util.stream.Collectors.joining(", "));
                throw new IllegalArgumentException("refused: argument 'boot' names " + device + ", which VM \"" + vm.name() + "\" (vmid "
                        + vm.vmid() + ") does not have (its devices: " + (devices.isEmpty() ? "none" : devices) + ")");
            }
        }
    }

    private void setConfig(MethodContext ctx, Globals g, ConfigArgs a) {
        if (a.config().isEmpty()) {
            throw new IllegalArgumentException("argument 'config' is empty: give the options to set, e.g. {agent: '1'}");
        }
        Map<String, Object> form = new LinkedHashMap<>();
        a.config().forEach((k, v) -> {
            if (!CONFIG_KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("argument 'config' has an invalid option name '" + k + "'");
            }
            form.put(k, v);
        });
        Cluster c = cluster(ctx, g);
        VmRef vm = c.find(a.vmName());
        found(ctx, vm, vm.status());
        ctx.log("Setting config: " + ProxmoxApi.encode(form));
        c.api().put(vm.path() + "/config", form);
        ctx.log("Config updated for VM " + vm.vmid());
        JsonNode cur = c.current(vm);
        Map<String, Object> d = vmData(vm, cur, cur.path("status").asText(), null);
        d.put("config", a.config());
        d.put("success", true);
        ctx.write("vm", vm.name(), d);
    }

    private void sync(MethodContext ctx, Globals g) throws InterruptedException {
        Cluster c = cluster(ctx, g);
        ctx.log("Syncing all VMs of the cluster");
        List<VmRef> all = c.vms();
        Map<String, JsonNode> live = new LinkedHashMap<>();
        for (String node : all.stream().map(VmRef::node).distinct().toList()) {
            for (JsonNode v : c.api().get("/nodes/" + node + "/qemu", Map.of())) {
                live.put(node + "/" + Cluster.number(v.path("vmid")), v);
            }
        }
        ctx.log("Found " + all.size() + " VMs on " + all.stream().map(VmRef::node).distinct().count()
                + " node(s), resolving IPs of running VMs");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (VmRef vm : all) {
            if (!seen.add(vm.name())) {
                ctx.log("  skipped vmid " + vm.vmid() + ": another VM is also named \"" + vm.name() + "\"");
                continue;
            }
            JsonNode v = live.get(vm.node() + "/" + vm.vmid());
            String status = v == null ? vm.status() : v.path("status").asText();
            String ip = null;
            if ("running".equals(status)) {
                // one short look: a fleet-wide refresh must stay fast; lookup/start wait properly
                ip = c.awaitIp(vm, Duration.ofMillis(1), new StringBuilder()).orElse(null);
            }
            Map<String, Object> d = vmData(vm, v, status, ip);
            ctx.log("  " + vm.name() + " (vmid " + vm.vmid() + ", " + vm.node() + ") [" + status + "]"
                    + (ip == null ? "" : " ip=" + ip) + (v == null ? "" : " mem=" + (v.path("maxmem").asLong() >> 30) + "GB"));
            ctx.write("vm", vm.name(), d);
        }
        ctx.log("Complete: " + seen.size() + " VMs synced");
    }
}
