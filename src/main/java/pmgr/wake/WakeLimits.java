package pmgr.wake;

import java.time.Duration;
import pmgr.config.Settings;

/** The listeners' bounds ({@code pmgr.wake.*}; each is described in pmgr-defaults.properties). */
record WakeLimits(int maxPacketBytes, Duration connectionTimeout, int maxConnections, int wakesPerMinute, Duration runTimeout) {
    static WakeLimits from(Settings s) {
        WakeLimits l = new WakeLimits(s.getInt("pmgr.wake.max-packet-bytes"), s.getDuration("pmgr.wake.connection-timeout"),
                s.getInt("pmgr.wake.max-connections"), s.getInt("pmgr.wake.wakes-per-minute"), s.getDuration("pmgr.wake.run-timeout"));
        if (l.maxPacketBytes < 64 || l.maxPacketBytes > 1 << 20) {
            throw new IllegalArgumentException("pmgr.wake.max-packet-bytes must be between 64 and 1048576, got " + l.maxPacketBytes);
        }
        if (l.maxConnections < 1 || l.wakesPerMinute < 1) {
            throw new IllegalArgumentException("pmgr.wake.max-connections and pmgr.wake.wakes-per-minute must be at least 1");
        }
        return l;
    }
}
