package pmgr.sandbox.proxmox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** POST /access/ticket: password login and ticket renewal. */
final class AccessApi {
    private static final ParamSchema LOGIN = ParamSchema.builder()
            .string("username", "password", "realm", "otp", "tfa-challenge", "path", "privs")
            .bool("new-format")
            .required("username")
            .required("password")
            .build();

    private final Tickets tickets;
    /** "user@realm" -> password */
    private final Map<String, String> passwords;
    private final ClusterState cluster;

    AccessApi(Tickets tickets, Map<String, String> passwords, ClusterState cluster) {
        this.tickets = tickets;
        this.passwords = Map.copyOf(passwords);
        this.cluster = cluster;
    }

    void register(Router router) {
        router.addOpen("POST", "/access/ticket", LOGIN, this::login);
        router.addOpen("GET", "/access/ticket", ParamSchema.builder().build(), call -> null);
    }

    private Object login(ApiCall call) {
        String username = call.param("username");
        if (call.param("realm") != null) {
            username = username + "@" + call.param("realm");
        }
        String user = authenticate(username, call.param("password"))
                .orElseThrow(() -> ApiError.of(401, "authentication failure"));
        Tickets.Issued issued = tickets.issue(user);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", user);
        data.put("ticket", issued.ticket());
        data.put("CSRFPreventionToken", issued.csrfToken());
        data.put("cap", capabilities());
        if (cluster.nodes().size() > 1) {
            data.put("clustername", "sandbox");
        }
        return data;
    }

    /** Same failure for unknown user and wrong password; a still-valid ticket renews. */
    private Optional<String> authenticate(String username, String password) {
        if (password.startsWith("PVE:")) {
            return tickets.verify(password).filter(username::equals);
        }
        String expected = passwords.get(username);
        boolean ok = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return ok ? Optional.of(username) : Optional.empty();
    }

    private static Map<String, Object> capabilities() {
        Map<String, Object> cap = new LinkedHashMap<>();
        cap.put("vms", privileges("VM.Allocate", "VM.Audit", "VM.Config.CDROM", "VM.Config.CPU", "VM.Config.Disk",
                "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network", "VM.Config.Options", "VM.Console",
                "VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted", "VM.PowerMgmt"));
        cap.put("access", privileges("User.Modify", "Permissions.Modify"));
        cap.put("storage", privileges("Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.Audit"));
        cap.put("nodes", privileges("Sys.Audit", "Sys.Modify", "Sys.PowerMgmt"));
        cap.put("sdn", privileges("SDN.Audit", "SDN.Use"));
        cap.put("dc", privileges("Sys.Audit", "SDN.Use"));
        cap.put("mapping", privileges("Mapping.Audit", "Mapping.Use"));
        return cap;
    }

    private static Map<String, Integer> privileges(String... names) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (String n : names) {
            map.put(n, 1);
        }
        return map;
    }
}
