package pmgr.bot;

import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows a {@link Reply} in a {@link Conversation}: once, live until its run ends, or as a question. */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private final ScheduledExecutorService scheduler;
    private final BotSettings settings;

    Delivery(ScheduledExecutorService scheduler, BotSettings settings) {
        this.scheduler = scheduler;
        this.settings = settings;
    }

    public void deliver(Reply reply, Conversation conversation) {
        if (reply instanceof Reply.Say say) {
            conversation.show(say.view(), say.audience()).whenComplete((h, e) -> {
                if (e != null) {
                    failed(e);
                }
            });
        } else if (reply instanceof Reply.Follow follow) {
            MessageView first = follow.display().render(follow.progress().snapshot(), Instant.now());
            conversation.show(first, Audience.EVERYONE)
                    .thenAccept(h -> new ProgressMessage(follow.progress(), follow.display(), scheduler, settings).start(h, first))
                    .exceptionally(Delivery::failed);
        } else if (reply instanceof Reply.Ask ask) {
            Confirmations.Pending q = ask.question();
            MessageView view = Views.confirm(q.command(), q.server().name(), q.online(), q.players(),
                    q.request().userName(), q.token(), settings.confirmTimeout());
            conversation.show(view, Audience.EVERYONE).thenAccept(h -> q.shownIn().set(h)).exceptionally(Delivery::failed);
        } else if (reply instanceof Reply.Elsewhere elsewhere) {
            deliver(elsewhere.reply(), elsewhere.conversation());
        } else {
            conversation.ignore();
        }
    }

    private static Void failed(Throwable e) {
        LOG.warn("bot: could not answer in Discord: {}", e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        return null;
    }
}
