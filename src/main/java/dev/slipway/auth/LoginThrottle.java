package dev.slipway.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing down, per client address and per account, without ever locking the real owner out for
 * good. Failures count for 15 minutes. Past the free ones (5 per address, 10 per account), each further attempt
 * must wait 30 s, then twice as long after every failure, at most 15 minutes; the count decays as failures age.
 * Attempts made while waiting are refused unchecked and do not count, so a script hammering away extends nothing.
 *
 * <p>The account limit does not apply from an address where that account has signed in before (for 30 days): a
 * crowd of addresses guessing the admin's password cannot keep the admin out at their usual desk.
 */
public final class LoginThrottle {
  static final int ADDRESS_FREE = 5;
  static final int ACCOUNT_FREE = 10;
  static final long WINDOW_MS = 15 * 60_000L;
  static final long FIRST_DELAY_MS = 30_000L;
  static final long KNOWN_FOR_MS = 30L * 24 * 3600_000L;
  /** Bounds the memory an attacker with many addresses or made-up names can make this take. */
  private static final int MAX_KEYS = 100_000;

  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = bounded();
  private final Map<String, Long> knownAddresses = bounded();
  private final Map<String, Integer> underWay = new java.util.HashMap<>();
  static final int AT_ONCE = 2;
  static final long AT_ONCE_WAIT_MS = 1_000;

  public LoginThrottle(LongSupplier clock) {
    this.clock = clock;
  }

  /** How long (ms) an attempt for {@code account} (null for a token) from {@code address} must wait; 0: go ahead. */
  public synchronized long waitMs(String account, String address) {
    long now = clock.getAsLong();
    long wait = waitFor(addressKey(address), ADDRESS_FREE, now);
    if (account != null && !known(account, address, now)) {
      wait = Math.max(wait, waitFor(accountKey(account), ACCOUNT_FREE, now));
    }
    return wait;
  }

  /**
   * Starts an attempt: how long it must wait (0: go ahead, and it counts as under way until {@link #end}). At most
   * {@value #AT_ONCE} attempts per address and per account are checked at once, so that a burst sent in parallel
   * cannot all pass the check before the first of them is counted as failed.
   */
  public synchronized long begin(String account, String address) {
    long wait = waitMs(account, address);
    if (wait > 0) {
      return wait;
    }
    String accountKey = account == null ? null : accountKey(account);
    if (underWay.getOrDefault(addressKey(address), 0) >= AT_ONCE
        || accountKey != null && underWay.getOrDefault(accountKey, 0) >= AT_ONCE) {
      return AT_ONCE_WAIT_MS;
    }
    underWay.merge(addressKey(address), 1, Integer::sum);
    if (accountKey != null) {
      underWay.merge(accountKey, 1, Integer::sum);
    }
    return 0;
  }

  /** The attempt {@link #begin} let through has been checked (and counted by {@link #failed} if it failed). */
  public synchronized void end(String account, String address) {
    underWay.computeIfPresent(addressKey(address), (k, n) -> n > 1 ? n - 1 : null);
    if (account != null) {
      underWay.computeIfPresent(accountKey(account), (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** Counts a failed attempt; true when it used up the last free one, so that the next attempt waits. */
  public synchronized boolean failed(String account, String address) {
    long now = clock.getAsLong();
    add(addressKey(address), now);
    if (account != null) {
      add(accountKey(account), now);
    }
    return waitMs(account, address) > 0;
  }

  /** The address proved it knows the password: its failures are forgiven and it is known for this account. */
  public synchronized void succeeded(String account, String address) {
    failures.remove(addressKey(address));
    knownAddresses.put(account.toLowerCase(Locale.ROOT) + "\n" + address, clock.getAsLong());
  }

  /** Forgets what no longer counts; called now and then. */
  public synchronized void prune() {
    long now = clock.getAsLong();
    failures.values().forEach(times -> expire(times, now));
    failures.values().removeIf(Deque::isEmpty);
    knownAddresses.values().removeIf(at -> now - at > KNOWN_FOR_MS);
  }

  private long waitFor(String key, int free, long now) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    expire(times, now);
    int over = times.size() - free;
    if (over < 0) {
      return 0;
    }
    long delay = Math.min(WINDOW_MS, FIRST_DELAY_MS << Math.min(over, 20));
    return Math.max(0, times.peekLast() + delay - now);
  }

  private boolean known(String account, String address, long now) {
    Long at = knownAddresses.get(account.toLowerCase(Locale.ROOT) + "\n" + address);
    return at != null && now - at <= KNOWN_FOR_MS;
  }

  private void add(String key, long now) {
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    expire(times, now);
    times.addLast(now);
  }

  private static void expire(Deque<Long> times, long now) {
    while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MS) {
      times.removeFirst();
    }
  }

  private static String addressKey(String address) {
    return "address\n" + (address == null ? "unknown" : address);
  }

  private static String accountKey(String account) {
    String name = account.toLowerCase(Locale.ROOT);
    return "account\n" + (name.length() > 64 ? name.substring(0, 64) : name);
  }

  private static <V> Map<String, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_KEYS;
      }
    };
  }
}
