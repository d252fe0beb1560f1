package pmgr.sandbox.grafana;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/** Grafana's short uids, their validation, and the slugs in dashboard and folder URLs. */
final class Uids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FIRST = "abcdef";
    private static final String REST = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9\\-_]*");
    static final int MAX_LENGTH = 40;

    private Uids() {
    }

    /** 14 characters starting with a letter, like the uids Grafana 11 generates ("fdkxdpnsi2io0e"). */
    static String generate() {
        StringBuilder uid = new StringBuilder(14).append(FIRST.charAt(RANDOM.nextInt(FIRST.length())));
        for (int i = 1; i < 14; i++) {
            uid.append(REST.charAt(RANDOM.nextInt(REST.length())));
        }
        return uid.toString();
    }

    static boolean validCharacters(String uid) {
        return VALID.matcher(uid).matches();
    }

    /** util.ValidateUID's complaint, or null when the uid is acceptable. */
    static String problem(String uid) {
        if (uid.length() > MAX_LENGTH) {
            return "UID is longer than " + MAX_LENGTH + " symbols";
        }
        if (!validCharacters(uid)) {
            return "invalid format of UID. Only letters, numbers, - and _ are allowed";
        }
        return null;
    }

    /** Lower case, runs of anything but letters and digits become one dash. */
    static String slug(String title) {
        String slug = title.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "-" : slug;
    }
}
