package pmgr.sandbox.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The integration types Grafana 11 knows, which of their settings are secure (redacted when read back), and
 * the settings their notifier refuses to start without.
 */
final class ContactPointTypes {
    private static final Map<String, List<String>> SECURE = Map.ofEntries(
            Map.entry("alertmanager", List.of("basicAuthPassword")),
            Map.entry("prometheus-alertmanager", List.of("basicAuthPassword")),
            Map.entry("dingding", List.of()),
            Map.entry("discord", List.of("url")),
            Map.entry("email", List.of()),
            Map.entry("googlechat", List.of()),
            Map.entry("kafka", List.of("password")),
            Map.entry("line", List.of("token")),
            Map.entry("opsgenie", List.of("apiKey")),
            Map.entry("pagerduty", List.of("integrationKey")),
            Map.entry("pushover", List.of("userKey", "apiToken")),
            Map.entry("sensugo", List.of("apikey")),
            Map.entry("slack", List.of("token", "url")),
            Map.entry("teams", List.of()),
            Map.entry("telegram", List.of("bottoken")),
            Map.entry("threema", List.of("api_secret")),
            Map.entry("victorops", List.of("url")),
            Map.entry("webex", List.of("bot_token")),
            Map.entry("webhook", List.of("password", "authorization_credentials")),
            Map.entry("wecom", List.of("url", "secret")),
            Map.entry("oncall", List.of("password", "authorization_credentials")),
            Map.entry("sns", List.of("sigv4.access_key", "sigv4.secret_key")),
            Map.entry("mqtt", List.of("password")));

    private ContactPointTypes() {
    }

    static boolean known(String type) {
        return SECURE.containsKey(type.toLowerCase(Locale.ROOT));
    }

    static List<String> secureFields(String type) {
        return SECURE.getOrDefault(type.toLowerCase(Locale.ROOT), List.of());
    }

    /** The notifier's own complaint about missing settings (grafana/alerting's wording), or null. */
    static String missingSetting(String type, JsonNode settings) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "discord" -> blank(settings, "url") ? "could not find webhook url property in settings" : null;
            case "email" -> blank(settings, "addresses") ? "could not find addresses in settings" : null;
            case "webhook" -> blank(settings, "url") ? "required field 'url' is not specified" : null;
            case "slack" -> blank(settings, "url") && blank(settings, "token")
                    ? "token must be specified when using the Slack chat API" : null;
            case "telegram" -> blank(settings, "bottoken") ? "could not find Bot Token in settings"
                    : blank(settings, "chatid") ? "could not find Chat Id in settings" : null;
            case "teams", "googlechat" -> blank(settings, "url") ? "could not find url property in settings" : null;
            default -> null;
        };
    }

    private static boolean blank(JsonNode settings, String key) {
        JsonNode value = settings.get(key);
        return value == null || value.isNull() || value.asText().isBlank();
    }
}
