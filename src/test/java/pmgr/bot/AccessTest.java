package pmgr.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may give commands and where: by id, with names in the settings resolved per guild. */
class AccessTest {
    static final Map<String, String> ROLES = Map.of("1", "@everyone", "2", "homie", "3", "Homie", "4", "admins");
    static final Map<String, String> CHANNELS = Map.of("10", "general", "11", "clankers");

    @Test
    void aNameIsResolvedToItsIdsAndRenamingAnotherRoleChangesNothing() {
        Access a = new Access("admins", "#clankers");
        a.guildReady("g", "homelab", ROLES, CHANNELS);
        assertThat(a.roleAllowed("g", List.of("4"))).isTrue();
        assertThat(a.roleAllowed("g", List.of("2", "1"))).isFalse();
        assertThat(a.channelAllowed("g", "11")).isTrue();
        assertThat(a.channelAllowed("g", "10")).isFalse();
        assertThat(a.channelShown("g")).isEqualTo("<#11>");
        // another guild, not resolved: nothing is allowed there
        assertThat(a.roleAllowed("other", List.of("4"))).isFalse();
        assertThat(a.channelAllowed(null, "11")).as("a direct message has no guild").isFalse();
    }

    @Test
    void anAmbiguousNameAcceptsEachOfItsRolesAndAnIdIsTakenAsIs() {
        Access byName = new Access("homie", "");
        byName.guildReady("g", "homelab", ROLES, CHANNELS);
        assertThat(byName.roleAllowed("g", List.of("2"))).isTrue();
        assertThat(byName.roleAllowed("g", List.of("3"))).isTrue();
        assertThat(byName.channelAllowed("g", "10")).as("no channel set: anywhere").isTrue();
        Access byId = new Access("3", "clankers");
        byId.guildReady("g", "homelab", ROLES, CHANNELS);
        assertThat(byId.roleAllowed("g", List.of("2"))).isFalse();
        assertThat(byId.roleAllowed("g", List.of("3"))).isTrue();
        Access nobody = new Access("moderators", "clankers");
        nobody.guildReady("g", "homelab", ROLES, CHANNELS);
        assertThat(nobody.roleAllowed("g", List.of("1", "2", "3", "4"))).as("a role the guild lacks lets nobody in").isFalse();
    }
}
