# Shared by the sandbox's Alpine stand-ins (setup-alpine, mount, umount, chroot, modprobe, mdev, lbu).
# A VM's disk is a folder on this machine (partitions 1, 2 and 3 inside). The sandbox node attaches
# it by writing ~/.sandbox/hardware/<device> (the folder's path) a while after a PXE boot; mdev
# makes ~/dev/<device> (a link to it) once modprobe has loaded the drivers. These stand-ins run as
# this machine's user - root, perhaps - so they accept only paths inside the VM: its root and its
# attached disks. This machine's own /mnt, /dev and /etc are never touched.
sandbox_root=${PMGR_SANDBOX_ROOT:?the sandbox stand-ins need PMGR_SANDBOX_ROOT}
hardware_dir=$sandbox_root/.sandbox/hardware
modules_file=$sandbox_root/.sandbox/modules
mounts_file=$sandbox_root/.sandbox/mounts

inside_vm() {
  local p f allowed
  p=$(realpath -m -- "$1") || return 1
  case "$p/" in "$sandbox_root"/*) return 0 ;; esac
  for f in "$hardware_dir"/*; do
    [ -f "$f" ] || continue
    allowed=$(head -n1 "$f")
    case "$p/" in "$allowed"/*) return 0 ;; esac
  done
  return 1
}

# require_inside PROGRAM PATH: ends the program when PATH is not inside the VM
require_inside() {
  inside_vm "$2" || { echo "$1 (sandbox): refusing $2: it is outside this VM (its root and its disks)" >&2; exit 1; }
}
