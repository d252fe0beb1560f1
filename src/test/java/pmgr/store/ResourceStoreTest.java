package pmgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmgr.common.Json;
import pmgr.testing.StoreFixture;

class ResourceStoreTest {
    private static final ResourceStore.Origin ORIGIN = new ResourceStore.Origin("proxmox/vm", "sync", "run-1", "sync-fleet");

    @Test
    void everyWriteIsANewVersionAndTheLatestIsTheHighest(@TempDir Path home) {
        try (StoreFixture f = new StoreFixture(home)) {
            ResourceVersion v1 = f.store.write("fleet", "vm", "allthemons", Map.of("status", "stopped"), Set.of(), ORIGIN);
            ResourceVersion v2 = f.store.write("fleet", "vm", "allthemons", Map.of("status", "running", "ip", "10.0.0.5"), Set.of(), ORIGIN);
            f.store.write("fleet", "vm", "calamity", Map.of("status", "running"), Set.of(), ORIGIN);

            assertThat(v1.version()).isEqualTo(1);
            assertThat(v2.version()).isEqualTo(2);
            assertThat(f.store.latest("fleet", "vm", "allthemons")).get()
                    .satisfies(v -> {
                        assertThat(v.version()).isEqualTo(2);
                        assertThat(v.attributes()).containsEntry("ip", "10.0.0.5");
                        assertThat(v.runId()).isEqualTo("run-1");
                        assertThat(v.step()).isEqualTo("sync-fleet");
                        assertThat(v.method()).isEqualTo("sync");
                        assertThat(v.type()).isEqualTo("proxmox/vm");
                    });
            assertThat(f.store.version("fleet", "vm", "allthemons", 1)).get()
                    .satisfies(v -> assertThat(v.attributes()).containsEntry("status", "stopped").doesNotContainKey("ip"));
            assertThat(f.store.history("fleet", "vm", "allthemons")).extracting(ResourceVersion::version).containsExactly(1, 2);
            assertThat(f.store.latestAll("fleet")).extracting(v -> v.name() + "@" + v.version())
                    .containsExactly("allthemons@2", "calamity@1");
            assertThat(f.store.names("fleet", "vm")).containsExactly("allthemons", "calamity");
            assertThat(f.store.latest("fleet", "vm", "nope")).isEmpty();
        }
    }

    @Test
    void historySurvivesReopeningAndRowsAreNeverUpdated(@TempDir Path home) {
        try (StoreFixture f = new StoreFixture(home)) {
            for (int i = 1; i <= 5; i++) {
                f.store.write("fleet", "vm", "slate", Map.of("n", i), Set.of(), ORIGIN);
            }
        }
        try (StoreFixture f = new StoreFixture(home)) {
            List<ResourceVersion> h = f.store.history("fleet", "vm", "slate");
            assertThat(h).extracting(v -> ((Number) v.attributes().get("n")).intValue()).containsExactly(1, 2, 3, 4, 5);
            assertThat(f.store.write("fleet", "vm", "slate", Map.of("n", 6), Set.of(), ORIGIN).version()).isEqualTo(6);
            // a write never changes an old version
            assertThat(f.store.version("fleet", "vm", "slate", 1).orElseThrow().attributes()).containsEntry("n", 1L);
        }
    }

    @Test
    void concurrentWritersGetDistinctConsecutiveVersions(@TempDir Path home) throws Exception {
        try (StoreFixture f = new StoreFixture(home)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i;
                results.add(pool.submit(() -> f.store.write("m", "s", "x", Map.of("n", n), Set.of(), ORIGIN).version()));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> r : results) {
                versions.add(r.get());
            }
            pool.shutdown();
            assertThat(versions).doesNotHaveDuplicates().hasSize(80);
            assertThat(f.store.history("m", "s", "x")).extracting(ResourceVersion::version)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 80).boxed().toList());
        }
    }

    @Test
    void sensitiveFieldsAreSealedAtRestAndShownMasked(@TempDir Path home) throws Exception {
        try (StoreFixture f = new StoreFixture(home)) {
            f.store.write("keebDev02", "node", "node", Map.of("ticket", "PVE:root@pam:ABCDEF::sig", "username", "root@pam"),
                    Set.of("ticket"), ORIGIN);
            ResourceVersion v = f.store.latest("keebDev02", "node", "node").orElseThrow();
            assertThat(v.attributes().get("ticket")).isInstanceOf(SealedValue.class);
            assertThat(Json.write(v.attributes())).contains("\"ticket\":\"***\"").doesNotContain("ABCDEF");
            assertThat(f.store.reveal((SealedValue) v.attributes().get("ticket"))).isEqualTo("PVE:root@pam:ABCDEF::sig");
            List<Map<String, Object>> rows = f.sql.query("SELECT attributes FROM resource_versions", Map.of());
            assertThat(rows.get(0).get("attributes").toString()).doesNotContain("ABCDEF").contains("$sealed");
        }
    }
}
