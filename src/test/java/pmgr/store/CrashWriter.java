package pmgr.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import pmgr.testing.StoreFixture;

/**
 * Child process for the crash test: writes versions forever, printing each acknowledged version
 * number after its insert returned, until it is killed.
 */
public final class CrashWriter {
    public static void main(String[] args) throws Exception {
        StoreFixture f = new StoreFixture(Path.of(args[0]));
        for (int i = 1; ; i++) {
            f.store.write("fleet", "vm", "allthemons", Map.of("n", i), Set.of(),
                    new ResourceStore.Origin("proxmox/vm", "sync", "r", "s"));
            System.out.println("ACK " + i);
            System.out.flush();
        }
    }
}
