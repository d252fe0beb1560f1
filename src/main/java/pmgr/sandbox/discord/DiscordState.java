package pmgr.sandbox.discord;

import java.time.Clock;
import java.time.Instant;

/**
 * Everything the fake Discord knows. This object is also the one lock: REST handlers, gateway ops and the
 * test-facing methods all hold it while they read or change state, and queue gateway sends while holding it.
 */
final class DiscordState {
    final Clock clock;
    final Settings settings;
    final Snowflakes ids;
    final Directory directory;
    final EntityJson entities;
    final MessageStore messages = new MessageStore();
    final MessageJson messageJson;
    final InteractionTable interactions = new InteractionTable();
    final CommandRegistry commands;
    final EditLimiter edits;
    final RouteBuckets buckets = new RouteBuckets();

    DiscordState(Clock clock, Settings settings, Snowflakes ids, Directory directory) {
        this.clock = clock;
        this.settings = settings;
        this.ids = ids;
        this.directory = directory;
        this.entities = new EntityJson(directory);
        this.messageJson = new MessageJson(directory, entities, messages);
        this.commands = new CommandRegistry(directory, ids);
        this.edits = new EditLimiter(settings);
    }

    Instant now() {
        return clock.instant();
    }
}
