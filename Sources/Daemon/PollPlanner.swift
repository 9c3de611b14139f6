import Feeds
import Foundation
import Transport

/// When to poll a source next, from what its last attempt taught us. Pure: `now` and the
/// random jitter source are parameters.
///
/// - success: the source's interval, ±10 % jitter, but never sooner than the server's
///   `Cache-Control: max-age`, `Expires` or the feed's RSS `<ttl>` (capped at a day) when
///   `respectCacheHeaders` is on;
/// - failure: exponential backoff from the interval, doubling per consecutive failure,
///   capped at `maxBackoff` (6 h by default), ±20 % jitter, never giving up;
/// - 429 / 503 with `Retry-After` (seconds or an HTTP-date): not before that time; the
///   whole host waits too (see `HostGate`).
public struct PollPlanner: Sendable {
    public var interval: Double
    public var maxBackoff: Double
    public var respectCacheHeaders: Bool
    /// The longest a cache header or `<ttl>` may hold a source back.
    public static let maxCacheHold: Double = 86400

    public init(interval: Double, maxBackoff: Double = 6 * 3600, respectCacheHeaders: Bool = true) {
        self.interval = interval
        self.maxBackoff = maxBackoff
        self.respectCacheHeaders = respectCacheHeaders
    }

    public func delayAfterSuccess(cacheLifetime: Double?, ttlMinutes: Int?, jitter: Double) -> Double {
        var delay = interval * (0.9 + 0.2 * jitter)
        if respectCacheHeaders {
            let hold = max(cacheLifetime ?? 0, Double(ttlMinutes ?? 0) * 60)
            delay = max(delay, min(hold, Self.maxCacheHold))
        }
        return delay
    }

    public func delayAfterFailure(consecutiveFailures: Int, retryAfter: Double?, jitter: Double) -> Double {
        let exponent = Double(min(max(consecutiveFailures - 1, 0), 30))
        let backoff = min(maxBackoff, interval * pow(2, exponent)) * (0.8 + 0.4 * jitter)
        guard let retryAfter else { return backoff }
        return max(min(backoff, maxBackoff), min(retryAfter, 7 * 86400))
    }

    /// Whether this request goes without validators: every 24th conditional request, so a
    /// server whose Last-Modified never changes still gets a full fetch now and then.
    public static func sendsValidators(conditionalStreak: Int) -> Bool {
        conditionalStreak < 24
    }
}

/// Reading the HTTP caching and retry headers.
public enum CacheHeaders {
    /// Seconds the response may be cached: `max-age` (ignored under `no-store`/`no-cache`),
    /// else `Expires` minus `Date` (or now).
    public static func lifetime(_ headers: HTTPHeaders, now: Date) -> Double? {
        if let control = headers["Cache-Control"]?.lowercased() {
            let directives = control.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if directives.contains("no-store") || directives.contains("no-cache") { return nil }
            for directive in directives where directive.hasPrefix("max-age=") {
                if let seconds = Double(directive.dropFirst("max-age=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) {
                    return max(0, seconds)
                }
            }
        }
        let httpDates = FeedDateParser(timeZone: .gmt, now: now)
        guard let expires = headers["Expires"].flatMap(httpDates.parse) else { return nil }
        let reference = headers["Date"].flatMap(httpDates.parse) ?? now
        return max(0, expires.timeIntervalSince(reference))
    }

    /// `Retry-After` in seconds from now: delta-seconds or an HTTP-date.
    public static func retryAfter(_ headers: HTTPHeaders, now: Date) -> Double? {
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        return FeedDateParser(timeZone: .gmt, now: now).parse(value).map { max(0, $0.timeIntervalSince(now)) }
    }
}

/// Hosts that asked everybody to wait (429/503 with `Retry-After`): every source on the
/// host holds back until then, not only the one that was told.
public actor HostGate {
    private var notBefore: [String: Date] = [:]

    public init() {}

    public func hold(host: String, until date: Date) {
        if let existing = notBefore[host], existing >= date { return }
        notBefore[host] = date
    }

    /// The time before which `host` must not be asked, if it is in the future.
    public func waitUntil(host: String, now: Date) -> Date? {
        guard let date = notBefore[host] else { return nil }
        if date <= now {
            notBefore[host] = nil
            return nil
        }
        return date
    }

    public static func host(of url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? url
    }
}
