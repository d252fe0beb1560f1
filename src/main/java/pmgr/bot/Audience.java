package pmgr.bot;

/** Who sees a reply: the channel, or only the person who gave the command (ephemeral, or a DM). */
public enum Audience {
    EVERYONE, REQUESTER
}
