package pmgr.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Secrets;
import pmgr.store.ResourceStore;
import pmgr.store.Vault;
import pmgr.testing.StoreFixture;

class CelEngineTest {
    @TempDir
    static Path home;
    static StoreFixture fixture;
    static CelEngine cel;

    @BeforeAll
    static void setUp() {
        fixture = new StoreFixture(home);
        Map<String, List<String>> specs = Map.of("fleet", List.of("vm"), "keebDev02", List.of("node"), "calamity", List.of("result"));
        cel = new CelEngine(new CelSources() {
            @Override
            public List<String> instances() {
                return specs.keySet().stream().sorted().toList();
            }

            @Override
            public Optional<List<String>> specs(String instance) {
                return Optional.ofNullable(specs.get(instance));
            }

            @Override
            public List<String> instancesOfTypes(Collection<String> types) {
                return types.contains("proxmox/vm") ? List.of("fleet") : List.of();
            }

            @Override
            public List<String> standaloneOfTypes(Collection<String> types) {
                return instancesOfTypes(types);
            }

            @Override
            public Map<String, Object> settingsOf(String type, String field, Object value) {
                if (type.equals("minecraft/server") && field.equals("serverName") && "allthemons".equals(value)) {
                    return Map.of("serverName", "allthemons", "tmuxSession", "mons");
                }
                throw new CelException("no " + type + " definition has " + field + " '" + value + "' (" + field + ": allthemons)");
            }

            @Override
            public ResourceStore store() {
                return fixture.store;
            }

            @Override
            public Vault vault() {
                return fixture.vault;
            }

            @Override
            public Map<String, Object> lab() {
                return Map.of("proxmox", Map.of("apiUrl", "https://pve.lab:8006", "node", "keeb-dev-02"));
            }
        });
        ResourceStore.Origin o = new ResourceStore.Origin("proxmox/vm", "sync", "r", "s");
        fixture.store.write("fleet", "vm", "allthemons", Map.of("ip", "10.0.0.50", "vmid", 108, "memory", 8.5), Set.of(), o);
        java.util.Map<String, Object> stopped = new java.util.HashMap<>();
        stopped.put("ip", null);
        stopped.put("status", "stopped");
        fixture.store.write("fleet", "vm", "calamity", stopped, Set.of(), o);
        fixture.store.write("keebDev02", "node", "node", Map.of("ticket", "PVE:root@pam:1234ABCD::signature", "csrfToken", "1234ABCD:xyz"),
                Set.of("ticket", "csrfToken"), new ResourceStore.Origin("proxmox/node", "auth", "r", "auth"));
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private Object template(String text, Map<String, Object> inputs) {
        return Template.parse(text).evaluate(cel, cel.bindings().inputs(inputs));
    }

    @Test
    void aWholeValueExpressionKeepsItsType() {
        assertThat(template("${{ 1 + 2 }}", Map.of())).isEqualTo(3L);
        assertThat(template("  ${{ 2.5 * 2.0 }}  ", Map.of())).isEqualTo(5.0);
        assertThat(template("${{ inputs.on }}", Map.of("on", true))).isEqualTo(true);
        assertThat(template("${{ {'a': inputs.n, 'b': [1, 2]} }}", Map.of("n", 7))).isEqualTo(Map.of("a", 7L, "b", List.of(1L, 2L)));
        assertThat(template("${{ null }}", Map.of())).isNull();
        assertThat(template("${{ model.fleet.resource.vm['calamity'].attributes.ip }}", Map.of())).isNull();
        assertThat(template("${{ model.fleet.resource.vm['allthemons'].attributes.vmid }}", Map.of())).isEqualTo(108L);
        assertThat(template("${{ model.fleet.resource.vm['allthemons'].attributes.memory }}", Map.of())).isEqualTo(8.5);
        assertThat(template("${{ model.fleet.resource.vm['allthemons'].version }}", Map.of())).isEqualTo(1L);
    }

    @Test
    void embeddedExpressionsBecomeText() {
        assertThat(template("ip=${{ model.fleet.resource.vm[inputs.vm].attributes.ip }}:22", Map.of("vm", "allthemons")))
                .isEqualTo("ip=10.0.0.50:22");
        assertThat(template("[${{ model.fleet.resource.vm['calamity'].attributes.ip }}]", Map.of())).isEqualTo("[]");
        assertThat(template("${{ inputs.a }}-${{ inputs.b }}", Map.of("a", 1, "b", true))).isEqualTo("1-true");
        assertThat(template("tags: ${{ ['game', inputs.vm] }}", Map.of("vm", "x"))).isEqualTo("tags: [\"game\",\"x\"]");
        assertThat(template("no expressions here", Map.of())).isEqualTo("no expressions here");
    }

    @Test
    void aMissingPathIsAnErrorThatNamesThePath() {
        assertThatThrownBy(() -> template("${{ inputs.vmName }}", Map.of()))
                .isInstanceOf(CelException.class).hasMessageContaining("inputs.vmName does not exist");
        assertThatThrownBy(() -> template("${{ model.fleet.resource.vm['ghost'].attributes.ip }}", Map.of()))
                .hasMessageContaining("model.fleet.resource.vm[\"ghost\"] does not exist");
        assertThatThrownBy(() -> template("${{ model.fleet.resource.vm['allthemons'].attributes.mac }}", Map.of()))
                .hasMessageContaining("model.fleet.resource.vm[\"allthemons\"].attributes.mac does not exist");
        assertThatThrownBy(() -> template("${{ model.nosuch.resource.vm['x'] }}", Map.of()))
                .hasMessageContaining("model.nosuch does not exist");
    }

    @Test
    void optionalAndHasFormsToleratePathsThatMayBeAbsent() {
        assertThat(template("${{ inputs.?vmName.orValue('none') }}", Map.of())).isEqualTo("none");
        assertThat(template("${{ has(inputs.vmName) }}", Map.of())).isEqualTo(false);
        assertThat(template("${{ model.fleet.resource.vm.?ghost.attributes.ip.orValue('no-ip') }}", Map.of())).isEqualTo("no-ip");
        assertThat(template("${{ has(model.fleet.resource.vm.allthemons) ? 'known' : 'unknown' }}", Map.of())).isEqualTo("known");
        assertThat(template("${{ model.fleet.resource.vm[?inputs.vm].?attributes.?ip.orValue(null) }}", Map.of("vm", "ghost"))).isNull();
        assertThat(template("${{ model.fleet.resource.vm[?inputs.vm].?attributes.?ip.orValue(null) }}", Map.of("vm", "allthemons")))
                .isEqualTo("10.0.0.50");
        assertThat(template("${{ 'allthemons' in model.fleet.resource.vm }}", Map.of())).isEqualTo(true);
    }

    @Test
    void vaultValuesResolveAndAreMaskedEverywhere() {
        fixture.vault.put("proxmox-vault", "password", "hunter2-very-secret");
        assertThat(template("${{ vault.get('proxmox-vault', 'password') }}", Map.of())).isEqualTo("hunter2-very-secret");
        assertThat(Secrets.mask("login with hunter2-very-secret now")).isEqualTo("login with *** now");
        assertThatThrownBy(() -> template("${{ vault.get('proxmox-vault', 'nope') }}", Map.of()))
                .hasMessageContaining("vault.get(\"proxmox-vault\", \"nope\"): no such secret");
    }

    @Test
    void sealedResourceFieldsAreReadableByCelButMaskedInOutput() {
        Object ticket = template("${{ model.keebDev02.resource.node.node.attributes.ticket }}", Map.of());
        assertThat(ticket).isEqualTo("PVE:root@pam:1234ABCD::signature");
        assertThat(Secrets.mask("Cookie: PVEAuthCookie=" + ticket)).isEqualTo("Cookie: PVEAuthCookie=***");
    }

    @Test
    void labConfigurationIsReadable() {
        assertThat(template("${{ lab.proxmox.apiUrl }}/api2/json", Map.of())).isEqualTo("https://pve.lab:8006/api2/json");
        assertThatThrownBy(() -> template("${{ lab.proxmox.user }}", Map.of())).hasMessageContaining("lab.proxmox.user does not exist");
    }

    @Test
    void definitionsByTypeListsInstances() {
        assertThat(cel.evaluate("definitions.byType(['proxmox/vm'])", cel.bindings())).isEqualTo(List.of("fleet"));
        assertThat(cel.evaluate("definitions.byType('nothing/here')", cel.bindings())).isEqualTo(List.of());
        assertThat(cel.evaluate("definitions.find('minecraft/server', 'serverName', inputs.vm).tmuxSession",
                cel.bindings().inputs(Map.of("vm", "allthemons")))).isEqualTo("mons");
        assertThatThrownBy(() -> cel.evaluate("definitions.find('minecraft/server', 'serverName', 'ghost')", cel.bindings()))
                .isInstanceOf(CelException.class).hasMessageContaining("no minecraft/server definition has serverName 'ghost'");
    }

    @Test
    void programsAreCompiledOnceAndCompileErrorsAreClear() {
        CelEngine.Compiled a = cel.compile("inputs.x + 1");
        assertThat(cel.compile("inputs.x + 1")).isSameAs(a);
        assertThat(a.inputs()).containsExactly("x");
        assertThat(cel.compile("model.fleet.resource.vm[inputs.vmName].attributes.ip").models()).containsExactly("fleet");
        assertThatThrownBy(() -> cel.compile("1 +")).isInstanceOf(CelException.class).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> cel.compile("input.vmName")).hasMessageContaining("undeclared reference to 'input'");
    }

    @Test
    void templateSyntaxErrorsAreReported() {
        assertThatThrownBy(() -> Template.parse("${{ inputs.x ")).hasMessageContaining("unclosed ${{");
        assertThatThrownBy(() -> Template.parse("${{   }}")).hasMessageContaining("empty ${{ }}");
    }
}
