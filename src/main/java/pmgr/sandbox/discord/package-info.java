/**
 * An in-process fake Discord for testing the bot end to end with the real JDA, without the internet.
 *
 * <p>Entry point: {@link pmgr.sandbox.discord.FakeDiscord#builder()}. One loopback port serves the REST API
 * below {@code /api/v10/} and the gateway WebSocket at {@code /gateway} (JSON, plain or zlib-stream). The
 * fake reproduces what a careful bot has to live with: READY/GUILD_CREATE, RESUME with replay of missed
 * dispatches, RECONNECT and INVALID_SESSION on demand, intents (no message content without
 * MESSAGE_CONTENT), the interaction ack deadline and token lifetime, one callback per interaction, the
 * per-message edit rate limit (429 with Discord's headers) and the edit cap on old messages (30046),
 * Discord's error bodies and rate-limit headers.
 *
 * <p>Tests drive it with stimuli ({@code slashCommand}, {@code button}, {@code message}, ...), which return
 * {@link pmgr.sandbox.discord.Interaction} / {@link pmgr.sandbox.discord.InboundMessage}, and check what the
 * bot did in the {@link pmgr.sandbox.discord.Entry journal} and the {@link pmgr.sandbox.discord.Message}
 * state. Everything else in the package is internal.
 */
package pmgr.sandbox.discord;
