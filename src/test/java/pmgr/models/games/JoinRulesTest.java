package pmgr.models.games;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What recordAccess makes of the files it printed on the VM. */
class JoinRulesTest {
    static String printed(String whitelist, String ops, String properties, String variables, String version) {
        return "==> whitelist.json\n" + whitelist + "\n==> ops.json\n" + ops + "\n==> server.properties\n" + properties
                + "\n==> variables.txt\n" + variables + "\n==> version\n" + version + "\n";
    }

    @Test
    void namesComeFromTheListsAndWhatIsNoMinecraftNameIsLeftOut() {
        List<String> skipped = new ArrayList<>();
        Map<String, Object> d = JoinRules.parse(printed(
                "[{\"uuid\":\"1\",\"name\":\"alice\"},{\"name\":\"bob\"},{\"name\":\"x; rm -rf /\"},{\"name\":\"alice\"}]",
                "[{\"uuid\":\"2\",\"name\":\"carol\",\"level\":4}]", "white-list=true\nmax-players=12\n#max-players=99",
                "MINECRAFT_VERSION=1.20.1\n", "Starting minecraft server version 1.21.1"), skipped);
        assertThat(d).containsEntry("whitelist", List.of("alice", "bob")).containsEntry("ops", List.of("carol"))
                .containsEntry("whitelistOn", true).containsEntry("maxPlayers", 12L).containsEntry("version", "1.21.1")
                .containsEntry("whitelistFound", true);
        assertThat(skipped).containsExactly("x; rm -rf /");
    }

    @Test
    void aServerThatNeverRanTakesItsPacksVersionAndMissingOrBrokenFilesGiveNoNames() {
        List<String> skipped = new ArrayList<>();
        Map<String, Object> d = JoinRules.parse(printed("", "not json", "", "JAVA_ARGS=\"-Xmx4G\"\nMINECRAFT_VERSION=\"1.20.1\"\n", ""),
                skipped);
        assertThat(d).containsEntry("whitelist", List.of()).containsEntry("ops", List.of()).containsEntry("whitelistOn", false)
                .containsEntry("maxPlayers", null).containsEntry("version", "1.20.1").containsEntry("whitelistFound", false);
        assertThat(skipped).containsExactly("(unreadable JSON)");
    }
}
