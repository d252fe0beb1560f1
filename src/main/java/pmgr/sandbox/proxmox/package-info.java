/**
 * An in-process fake Proxmox VE API server for tests and the demo mode.
 *
 * <p>Entry point: {@link pmgr.sandbox.proxmox.SandboxProxmox#builder()}. It serves
 * {@code https://host:port/api2/json/...} with a freshly generated self-signed certificate and
 * reproduces the behaviour a client depends on: the {@code {"data": ...}} envelope, errors with
 * the text in both the reason phrase and {@code "message"} (or the pre-2025 body without it),
 * empty-body 401s, ticket/CSRF/API-token rules, async tasks addressed by UPID, pending config,
 * the guest-agent error ladder and unstable list order.
 *
 * <p>Seed state with {@link pmgr.sandbox.proxmox.VmSpec} and {@link pmgr.sandbox.proxmox.Nic},
 * inspect it with {@link pmgr.sandbox.proxmox.VmSnapshot} and the request
 * {@link pmgr.sandbox.proxmox.Request journal}, and inject trouble with
 * {@link pmgr.sandbox.proxmox.Faults}. Everything else in the package is internal.
 */
package pmgr.sandbox.proxmox;
