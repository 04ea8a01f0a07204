package ma.rokhsa.api.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * So many requests per client address per window, on this instance (a fixed window that starts with the
 * address's first request). In memory: a limit against one client flooding one instance, not an account's
 * quota (those live in PostgreSQL, as the sign-in throttle does).
 */
public final class AddressAllowance {

    private final int perWindow;
    private final Duration window;
    private final Cache<String, AtomicInteger> used;

    public AddressAllowance(int perWindow, Duration window) {
        this.perWindow = perWindow;
        this.window = window;
        this.used = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    }

    /** Takes one request of the address's allowance: false when it is spent. */
    public boolean take(String address) {
        return used.get(address == null ? "unknown" : address, a -> new AtomicInteger()).incrementAndGet() <= perWindow;
    }

    public int perWindow() {
        return perWindow;
    }

    public Duration window() {
        return window;
    }
}
