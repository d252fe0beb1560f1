package pmgr.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import pmgr.sandbox.SandboxLab;

/**
 * What people would use instead: Ansible's {@code community.general.proxmox_kvm} stopping and then
 * starting a VM of the same sandbox node, each {@code ansible-playbook} a new process as an operator
 * runs it. Measured only where Ansible and the collection are installed.
 */
final class AnsibleTimes {
    private static final String PLAYBOOK = """
            - hosts: localhost
              gather_facts: false
              tasks:
                - community.general.proxmox_kvm:
                    api_host: "{{ api_host }}"
                    api_user: "{{ api_user }}"
                    api_token_id: "{{ token_id }}"
                    api_token_secret: "{{ token_secret }}"
                    validate_certs: false
                    node: "{{ node }}"
                    name: "{{ vm }}"
                    state: "{{ state }}"
            """;

    private AnsibleTimes() {
    }

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "ansible-playbook"))) {
                return Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/ansible_collections/community/general"))
                        || Files.isDirectory(Path.of(System.getProperty("user.home"), ".ansible/collections/ansible_collections/community/general"));
            }
        }
        return false;
    }

    /** Median wall time of started + stopped, in ms; -1 when Ansible is not here. The VM is stopped before and after, as for the CLI rows. */
    static double stopAndStart(Path home, SandboxLab lab, String vm, int samples) throws Exception {
        if (!available()) {
            return -1;
        }
        Path playbook = home.resolve("proxmox-kvm.yml");
        Files.writeString(playbook, PLAYBOOK);
        URI api = URI.create(lab.settings().get("pmgr.lab.proxmox.apiUrl"));
        String token = lab.apiToken(); // USER@REALM!TOKENID=SECRET
        // the token goes in a file only its owner reads, never on a command line
        Path vars = home.resolve("proxmox-kvm-vars.json");
        Files.deleteIfExists(vars);
        Files.createFile(vars, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(vars, pmgr.common.Json.write(java.util.Map.of("api_host", api.getHost() + ":" + api.getPort(),
                "api_user", SandboxLab.USER, "token_id", token.substring(token.indexOf('!') + 1, token.indexOf('=')),
                "token_secret", token.substring(token.indexOf('=') + 1), "node", SandboxLab.NODE, "vm", vm)));
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            for (String state : List.of("started", "stopped")) {
                List<String> command = List.of("ansible-playbook", "-i", "localhost,", "-c", "local", playbook.toString(),
                        "-e", "@" + vars, "-e", "state=" + state);
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("ansible-playbook (state " + state + ") failed:\n" + out);
                }
            }
            times.add((System.nanoTime() - t0) / 1e6);
        }
        return Benchmark.percentile(times, 0.5);
    }
}
