package pmgr.sandbox.proxmox;

import java.util.Optional;

/**
 * What boots inside a VM when it powers on, for VMs whose insides follow their config (boot order,
 * disks) rather than a seeded setting. The node asks it at every power-on, under the sandbox lock
 * (so it must decide quickly), with the config the VM starts with (pending changes applied).
 */
@FunctionalInterface
public interface GuestBoot {
    /**
     * Boots the VM's guest; the answer says whether a guest agent runs in what booted (nothing
     * booted: false). Empty = not a VM this guest manages: its seeded agent setting stands.
     */
    Optional<Boolean> boot(VmSnapshot vm);
}
