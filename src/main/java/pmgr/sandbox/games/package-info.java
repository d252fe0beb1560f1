/**
 * Sandbox game hosts: fake game VMs reachable over real SSH on loopback addresses, for tests
 * and the demo mode.
 *
 * <p>Entry point: {@link pmgr.sandbox.games.GameHost#builder()}. Each host is an Apache MINA SSH
 * server (public-key login, exec and SCP) whose commands run as {@code bash -c} on this machine
 * with the host's root as HOME and working directory and a tmux server of its own. Install
 * games with {@link pmgr.sandbox.games.MinecraftServerSetup} (a fake console started by the
 * server directory's start script, logging to {@code logs/latest.log}) and
 * {@link pmgr.sandbox.games.TerrariaSetup} (a compose project run by a {@code docker} stand-in
 * whose containers are tmux sessions on their own socket directory). Everything else in the
 * package is internal; the bash programs live in {@code src/main/resources/pmgr/sandbox/games/}.
 */
package pmgr.sandbox.games;
