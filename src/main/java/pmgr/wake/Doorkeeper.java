package pmgr.wake;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmgr.common.Json;
import pmgr.common.Secrets;
import pmgr.config.Durations;
import pmgr.engine.Errors;
import pmgr.power.PowerState;
import pmgr.power.ServerPower;
import pmgr.power.WakeableServer;
import pmgr.store.ResourceVersion;

/**
 * What a sleeping server's listener answers: the server list (its recorded version, slots, and
 * whether it sleeps or starts) and a join (wake it when the player may, and say what happened in
 * the disconnect message). Every answer is worked out from the run locks and the latest data.
 */
final class Doorkeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Doorkeeper.class);
    private static final java.util.regex.Pattern PLAYER = java.util.regex.Pattern.compile("[A-Za-z0-9_]{3,16}");

    private final WakeableServer server;
    private final ServerPower power;
    private final WakeStarter starter;

    Doorkeeper(WakeableServer server, ServerPower power, WakeStarter starter) {
        this.server = server;
        this.power = power;
        this.starter = starter;
    }

    /** The status response's JSON: the protocol number echoed, so clients list the server as compatible. */
    String status(int protocol) {
        PowerState state = power.of(server);
        Map<String, Object> access = power.access(server).map(ResourceVersion::attributes).orElse(Map.of());
        String motd = switch (state.state()) {
            case ASLEEP -> server.wake().asleepMotd();
            case STARTING -> server.wake().startingMotd();
            case ONLINE -> "awake \u2014 join again";
            case BUSY -> "busy: " + state.target() + " is running";
        };
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("version", Map.of("name", access.get("version") instanceof String v ? v : "unknown", "protocol", protocol));
        response.put("players", Map.of("max", access.get("maxPlayers") instanceof Number n ? n.longValue() : 0L, "online", 0,
                "sample", List.of()));
        response.put("description", Map.of("text", server.name() + "\n" + motd));
        response.put("enforcesSecureChat", false);
        return Json.write(response);
    }

    /** The login disconnect's reason (a JSON text component) for this player's join. */
    String join(String player) {
        return Json.write(Map.of("text", joined(player)));
    }

    private String joined(String player) {
        String name = server.name();
        if (!PLAYER.matcher(player).matches()) {
            return "That is not a Minecraft name: 3-16 letters, digits or underscores.";
        }
        PowerState state = power.of(server);
        switch (state.state()) {
            case ONLINE -> {
                return name + " is up: join again.";
            }
            case STARTING, BUSY -> {
                return held(state);
            }
            default -> {
                // asleep: the player may wake it, or is told why not
            }
        }
        Optional<String> refused = refusal(player);
        if (refused.isPresent()) {
            LOG.info("wake: {} may not wake {}: {}", player, name, refused.get());
            return refused.get() + " Ask in Discord: /wake server:" + name;
        }
        try {
            WakeStarter.Outcome outcome = starter.wake(server, player);
            if (outcome instanceof WakeStarter.Started started) {
                LOG.info("wake: {} woke {} (run {})", player, name, started.runId());
                return name + " is starting, join again in about a minute.";
            }
            if (outcome instanceof WakeStarter.Held held) {
                return held(power.of(server));
            }
            Duration wait = ((WakeStarter.Limited) outcome).retryIn();
            return name + " was woken too often in the last minute; try again in " + Durations.format(wait) + ".";
        } catch (RuntimeException e) {
            LOG.warn("wake: {} could not wake {}: {}", player, name, Errors.describe(e));
            String why = Secrets.mask(Errors.describe(e));
            return "Could not wake " + name + ": " + (why.length() > 200 ? why.substring(0, 200) + "\u2026" : why);
        }
    }

    private String held(PowerState state) {
        String name = server.name();
        if (state.is(PowerState.State.STARTING)) {
            return name + " is starting (woken by " + who(state.origin()) + " "
                    + Durations.format(Duration.between(state.since(), Instant.now())) + " ago): join again in about a minute.";
        }
        if (state.is(PowerState.State.BUSY)) {
            return name + " is busy: " + state.target() + " is running. Join again when it is done.";
        }
        return name + " is up: join again.";
    }

    /** Why this player may not wake the server, as the definition's {@code allow} and the recorded lists say. */
    private Optional<String> refusal(String player) {
        String allow = server.wake().allow();
        if (allow.equals("anyone")) {
            return Optional.empty();
        }
        Optional<ResourceVersion> recorded = power.access(server);
        if (recorded.isEmpty()) {
            return Optional.of(server.name() + " has no recorded whitelist yet (it is read while the server runs).");
        }
        Map<String, Object> lists = recorded.get().attributes();
        boolean op = listed(lists.get("ops"), player);
        if (allow.equals("ops")) {
            return op ? Optional.empty() : Optional.of("Only " + server.name() + "'s operators wake it by joining.");
        }
        return op || listed(lists.get("whitelist"), player) ? Optional.empty()
                : Optional.of(player + " is not on " + server.name() + "'s whitelist, so joining does not wake it.");
    }

    private static boolean listed(Object names, String player) {
        return names instanceof List<?> l && l.stream().anyMatch(n -> player.equalsIgnoreCase(String.valueOf(n)));
    }

    /** A run's origin as a player reads it. */
    static String who(String origin) {
        if (origin == null) {
            return "someone";
        }
        if (origin.startsWith(WakeStarter.ORIGIN_PREFIX)) {
            return origin.substring(WakeStarter.ORIGIN_PREFIX.length());
        }
        if (origin.startsWith("discord:")) {
            String rest = origin.substring("discord:".length());
            return rest.substring(rest.indexOf(':') + 1) + " in Discord";
        }
        return origin.startsWith("schedule") ? "the schedule" : origin;
    }
}
