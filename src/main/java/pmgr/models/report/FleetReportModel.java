package pmgr.models.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmgr.model.AbstractModelType;
import pmgr.model.Arg;
import pmgr.model.MethodContext;
import pmgr.model.ModelMethod;
import pmgr.model.NoArgs;
import pmgr.model.ResourceSpec;
import pmgr.store.ResourceVersion;

/**
 * {@code report/fleet}: the fleet report (VMs, their state and memory, the game servers and who
 * was playing) written from the data the fleet and the game servers keep, and posted to a Discord
 * channel by the bot's account as a Markdown file. It replaces the original's two cron scripts.
 */
public final class FleetReportModel extends AbstractModelType<FleetReportModel.Globals> {

    public record Globals(
            @Arg(description = "The fleet definition (proxmox/vm) whose VMs the report lists", defaultValue = "fleet") String fleet,
            @Arg(description = "The game server definitions the report covers",
                    defaultValue = "${{ definitions.standalone(['minecraft/server', 'terraria/server']) }}") List<String> servers,
            @Arg(description = "Where and how to post it") DiscordPost discord) {
    }

    public FleetReportModel() {
        super("report/fleet", "2026.12.02.1", "The fleet report: VMs, game servers and players, posted to Discord",
                Globals.class, List.of(new ResourceSpec("report", "The report as Markdown, with its counts")));
    }

    @Override
    public List<ModelMethod<?>> methods() {
        return List.of(
                method("generate", "Write the report from the fleet's and the game servers' latest data", NoArgs.class,
                        List.of("report"), (g, a, ctx) -> generate(ctx, g)),
                method("post", "Post the latest report to the Discord channel as a file", NoArgs.class, List.of("report"),
                        (g, a, ctx) -> post(ctx, g)));
    }

    private record Vm(String name, Object vmid, String status, String ip, long memoryMiB) {
        String gb() {
            return memoryMiB <= 0 ? "-" : Math.round(memoryMiB / 1024.0) + "GB";
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private void generate(MethodContext ctx, Globals g) {
        List<Vm> vms = new ArrayList<>();
        for (ResourceVersion v : ctx.latestOf(g.fleet(), "vm")) {
            Map<String, Object> a = v.attributes();
            vms.add(new Vm(v.name(), a.getOrDefault("vmid", "?"), String.valueOf(a.getOrDefault("status", "unknown")),
                    a.get("ip") == null ? "-" : a.get("ip").toString(), number(a.get("memory"))));
        }
        vms.sort(Comparator.comparing(Vm::name));
        List<Vm> running = vms.stream().filter(v -> v.status().equals("running")).toList();
        List<Vm> stopped = vms.stream().filter(v -> !v.status().equals("running")).toList();
        long activeGb = running.stream().mapToLong(v -> Math.round(v.memoryMiB() / 1024.0)).sum();
        long idleGb = stopped.stream().mapToLong(v -> Math.round(v.memoryMiB() / 1024.0)).sum();

        StringBuilder md = new StringBuilder("# Fleet Report\n\n_Generated: ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("_\n\n");
        table(md, "Running VMs", running, true);
        md.append("**Total allocated:** ").append(activeGb).append("GB RAM across ").append(running.size()).append(" running VMs\n\n");
        table(md, "Stopped VMs", stopped, false);
        md.append("**Total idle capacity:** ").append(idleGb).append("GB RAM across ").append(stopped.size()).append(" stopped VMs\n\n");
        md.append("## Fleet Summary\n\n- **Running:** ").append(running.size()).append("\n- **Stopped:** ").append(stopped.size())
                .append("\n- **Total:** ").append(vms.size()).append("\n- **Active memory:** ").append(activeGb)
                .append("GB\n- **Idle memory:** ").append(idleGb).append("GB\n- **Total provisioned:** ").append(activeGb + idleGb)
                .append("GB\n\n## Game Server Telemetry\n");
        int online = 0;
        List<String> servers = new ArrayList<>();
        for (String server : g.servers()) {
            for (ResourceVersion v : ctx.latestOf(server, "metrics")) {
                Map<String, Object> m = v.attributes();
                boolean up = Boolean.TRUE.equals(m.get("serverRunning"));
                String game = v.type().startsWith("terraria") ? "Terraria" : "Minecraft";
                md.append("\n### ").append(v.name()).append(" (").append(game).append(")\n\n- Status: **")
                        .append(up ? "ONLINE" : "OFFLINE").append("**\n- Players: ").append(number(m.get("online")))
                        .append(m.get("max") == null ? "" : "/" + m.get("max")).append('\n');
                if (m.get("players") instanceof List<?> names && !names.isEmpty()) {
                    md.append("- Online: ").append(String.join(", ", names.stream().map(String::valueOf).toList())).append('\n');
                }
                md.append("- Last check: ").append(m.getOrDefault("timestamp", "-")).append('\n');
                online += (int) number(m.get("online"));
                servers.add(v.name());
            }
        }
        ctx.log("Fleet report: " + running.size() + " running, " + stopped.size() + " stopped VMs; " + servers.size()
                + " game servers, " + online + " players online");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("markdown", md.toString());
        d.put("runningVms", running.size());
        d.put("stoppedVms", stopped.size());
        d.put("gameServers", servers);
        d.put("playersOnline", online);
        d.put("timestamp", Instant.now().toString());
        ctx.write("report", "fleet", d);
    }

    private static void table(StringBuilder md, String title, List<Vm> vms, boolean bold) {
        md.append("## ").append(title).append(" (").append(vms.size()).append(")\n\n")
                .append("| VM | VMID | Status | IP | Memory |\n|:---|-----:|:-------|:---|-------:|\n");
        for (Vm v : vms) {
            md.append("| ").append(bold ? "**" + v.name() + "**" : v.name()).append(" | ").append(v.vmid()).append(" | ")
                    .append(v.status()).append(" | ").append(bold ? v.ip() : "-").append(" | ").append(v.gb()).append(" |\n");
        }
        md.append('\n');
    }

    private void post(MethodContext ctx, Globals g) {
        ResourceVersion report = ctx.latest("report", "fleet").orElseThrow(() -> new IllegalStateException(
                "there is no fleet report to post yet: run " + ctx.instance() + ".generate first"));
        Map<String, Object> d = new LinkedHashMap<>(report.attributes());
        String messageId = g.discord().post(ctx, "**Daily Fleet Report**", "fleet-report.md", String.valueOf(d.get("markdown")));
        ctx.log("Posted the fleet report to #" + g.discord().channel() + " (message " + messageId + ")");
        d.put("postedTo", g.discord().channel());
        d.put("messageId", messageId);
        d.put("postedAt", Instant.now().toString());
        ctx.write("report", "fleet", d);
    }
}
