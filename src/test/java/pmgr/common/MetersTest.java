package pmgr.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetersTest {
    @Test
    void camelsExchangeEventsWithAndWithoutARouteAreBothKept() {
        // the tags Camel's notifier gives (camel-micrometer), routeId only for an exchange that came from a route
        String[] tags = {"camelContext", "meters-test", "endpointName", "direct://x", "eventType", "ExchangeCompletedEvent",
                "failed", "false", "kind", "CamelExchangeEvent"};
        Timer.builder(Meters.CAMEL_EXCHANGE_EVENTS).tags(tags).tag("routeId", "from-a-route")
                .register(Meters.registry()).record(Duration.ofMillis(3));
        Timer.builder(Meters.CAMEL_EXCHANGE_EVENTS).tags(tags)
                .register(Meters.registry()).record(Duration.ofMillis(5));
        String scrape = Meters.registry().scrape();
        assertThat(scrape).contains("camelContext=\"meters-test\"", "routeId=\"from-a-route\"}")
                .containsPattern("camel_exchange_event_notifier_seconds_count\\{camelContext=\"meters-test\"[^}]*routeId=\"\"\\} 1");
    }
}
