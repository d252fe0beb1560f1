package pmgr.sandbox.proxmox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VM to seed into the sandbox. Build with {@link #builder(int, String)}.
 *
 * @param node            null = the sandbox's first node
 * @param diskGiB         size of scsi0; 0 = diskless (PXE) VM
 * @param agentEnabled    "agent: 1" in the config
 * @param agentInstalled  whether a guest agent actually runs inside the guest
 * @param agentReadyAfter time after power-on before the agent answers
 * @param interfaces      what the agent reports; null = lo + eth0 (net0's MAC, generated IP)
 * @param net0Mac         null = taken from the first uplink-looking interface, else generated
 * @param extraConfig     further config keys, stored verbatim
 */
public record VmSpec(String node, int vmid, String name, boolean running, int memoryMiB, int cores, int sockets,
        int diskGiB, boolean agentEnabled, boolean agentInstalled, Duration agentReadyAfter, List<Nic> interfaces,
        boolean protection, String lock, String tags, String net0Mac, Map<String, String> extraConfig) {

    public VmSpec {
        if (vmid < 100) {
            throw new IllegalArgumentException("vmid must be >= 100: " + vmid);
        }
        agentReadyAfter = agentReadyAfter == null ? Duration.ZERO : agentReadyAfter;
        interfaces = interfaces == null ? null : List.copyOf(interfaces);
        extraConfig = extraConfig == null ? Map.of() : Map.copyOf(extraConfig);
    }

    public static Builder builder(int vmid, String name) {
        return new Builder(vmid, name);
    }

    /** Defaults: stopped, 2048 MiB, 2 cores, 1 socket, 32 GiB disk, agent enabled and installed. */
    public static final class Builder {
        private final int vmid;
        private final String name;
        private String node;
        private boolean running;
        private int memoryMiB = 2048;
        private int cores = 2;
        private int sockets = 1;
        private int diskGiB = 32;
        private boolean agentEnabled = true;
        private boolean agentInstalled = true;
        private Duration agentReadyAfter = Duration.ZERO;
        private List<Nic> interfaces;
        private boolean protection;
        private String lock;
        private String tags;
        private String net0Mac;
        private final Map<String, String> extraConfig = new LinkedHashMap<>();

        private Builder(int vmid, String name) {
            this.vmid = vmid;
            this.name = name;
        }

        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder running(boolean running) {
            this.running = running;
            return this;
        }

        public Builder memoryMiB(int memoryMiB) {
            this.memoryMiB = memoryMiB;
            return this;
        }

        public Builder cores(int cores) {
            this.cores = cores;
            return this;
        }

        public Builder sockets(int sockets) {
            this.sockets = sockets;
            return this;
        }

        public Builder diskGiB(int diskGiB) {
            this.diskGiB = diskGiB;
            return this;
        }

        public Builder agentEnabled(boolean agentEnabled) {
            this.agentEnabled = agentEnabled;
            return this;
        }

        public Builder agentInstalled(boolean agentInstalled) {
            this.agentInstalled = agentInstalled;
            return this;
        }

        public Builder agentReadyAfter(Duration agentReadyAfter) {
            this.agentReadyAfter = agentReadyAfter;
            return this;
        }

        /** What the agent reports; calling it with no arguments makes the agent report an empty list. */
        public Builder interfaces(Nic... interfaces) {
            this.interfaces = List.of(interfaces);
            return this;
        }

        public Builder interfaces(List<Nic> interfaces) {
            this.interfaces = interfaces;
            return this;
        }

        public Builder protection(boolean protection) {
            this.protection = protection;
            return this;
        }

        public Builder lock(String lock) {
            this.lock = lock;
            return this;
        }

        public Builder tags(String tags) {
            this.tags = tags;
            return this;
        }

        public Builder net0Mac(String net0Mac) {
            this.net0Mac = net0Mac;
            return this;
        }

        public Builder config(String key, String value) {
            this.extraConfig.put(key, value);
            return this;
        }

        public VmSpec build() {
            return new VmSpec(node, vmid, name, running, memoryMiB, cores, sockets, diskGiB, agentEnabled,
                    agentInstalled, agentReadyAfter, interfaces, protection, lock, tags, net0Mac, extraConfig);
        }
    }
}
