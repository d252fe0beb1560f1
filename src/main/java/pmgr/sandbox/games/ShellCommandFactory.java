package pmgr.sandbox.games;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/** Turns every non-SCP exec request into a {@link ShellCommand} on the host. */
final class ShellCommandFactory implements CommandFactory {
    private final HostLayout layout;

    ShellCommandFactory(HostLayout layout) {
        this.layout = layout;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return new ShellCommand(layout, command);
    }
}
