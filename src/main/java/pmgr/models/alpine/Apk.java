package pmgr.models.alpine;

import pmgr.models.ssh.Shell;

/** Alpine's package steps as shell, for the model types that install on Alpine VMs. */
public final class Apk {
    private Apk() {
    }

    /** Uncomments the community repository in {@code repositoriesFile} (the VM's apk/repositories) and refreshes the index. */
    public static String enablingCommunity(String repositoriesFile) {
        return "sed -i '/^#.*\\/community$/s/^#//' " + Shell.path(repositoriesFile) + " && apk update";
    }

    /**
     * Installs {@code packages} (from community too) when one of them is missing, and says so.
     * {@code packages} are fixed text of the caller, never input.
     */
    public static String installingIfMissing(String repositoriesFile, String packages) {
        return "apk info -e " + packages + " >/dev/null 2>&1 || { " + enablingCommunity(repositoriesFile) + " && apk add " + packages
                + " && echo 'note: installed " + packages + " (it was missing)'; }";
    }
}
