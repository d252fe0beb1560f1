package pmgr.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * Hawtio's login, as JAAS wants it: one user with one role, checked in constant time. Hawtio asks
 * the JAAS realm {@value #REALM} and accepts subjects holding a {@link Role} of the configured name.
 */
public final class HawtioLogin implements LoginModule {
    static final String REALM = "pmgr";

    /** The one account and its role (set when the Hawtio server starts; one serve per process). */
    private static volatile String user;
    private static volatile String password;
    private static volatile String role;

    /** The role principal Hawtio looks for (by class name). */
    public record Role(String getName) implements Principal {
    }

    /** The logged-in user. */
    public record User(String getName) implements Principal {
    }

    private Subject subject;
    private CallbackHandler handler;
    private String authenticated;

    static void account(String name, String secret, String roleName) {
        user = name;
        password = secret;
        role = roleName;
    }

    /** The JVM's JAAS configuration gets the realm {@value #REALM}, served by this module. */
    static void install() {
        Configuration previous = configurationOrNull();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (REALM.equals(name)) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(HawtioLogin.class.getName(),
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
                }
                return previous == null ? null : previous.getAppConfigurationEntry(name);
            }
        });
    }

    private static Configuration configurationOrNull() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException noneConfigured) {
            return null;
        }
    }

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback secret = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {name, secret});
        } catch (Exception e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        String expectedUser = user;
        String expectedPassword = password;
        char[] given = secret.getPassword();
        boolean ok = expectedUser != null && expectedPassword != null && name.getName() != null && given != null
                && same(expectedUser, name.getName()) & same(expectedPassword, new String(given));
        secret.clearPassword();
        if (!ok) {
            throw new FailedLoginException("wrong user or password");
        }
        authenticated = name.getName();
        return true;
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean commit() {
        if (authenticated == null) {
            return false;
        }
        subject.getPrincipals().add(new User(authenticated));
        subject.getPrincipals().add(new Role(role));
        return true;
    }

    @Override
    public boolean abort() {
        authenticated = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(p -> p instanceof User || p instanceof Role);
        authenticated = null;
        return true;
    }
}
