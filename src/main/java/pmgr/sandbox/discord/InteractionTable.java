package pmgr.sandbox.discord;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Issued interactions by id and by token; guarded by the state lock. */
final class InteractionTable {
    private final Map<String, IssuedInteraction> byId = new HashMap<>();
    private final Map<String, IssuedInteraction> byToken = new HashMap<>();

    void add(IssuedInteraction interaction) {
        byId.put(interaction.id, interaction);
        byToken.put(interaction.token, interaction);
    }

    Optional<IssuedInteraction> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<IssuedInteraction> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }
}
