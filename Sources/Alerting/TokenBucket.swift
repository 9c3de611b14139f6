import Foundation

/// A token bucket: `perMinute` tokens a minute, at most `burst` saved up.
struct TokenBucket: Sendable {
    let perMinute: Double
    let burst: Double
    private var tokens: Double
    private var updated: Date?

    init(perMinute: Double, burst: Double? = nil) {
        self.perMinute = perMinute
        self.burst = max(1, burst ?? Self.defaultBurst(perMinute: perMinute))
        self.tokens = self.burst
    }

    /// At most ten saved up, never more than a minute's worth.
    static func defaultBurst(perMinute: Double) -> Double { max(1, min(perMinute, 10)) }

    /// Takes a token if one is available at `now`.
    mutating func take(now: Date) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Seconds until the next token.
    mutating func wait(now: Date) -> Double {
        refill(now: now)
        return tokens >= 1 ? 0 : (1 - tokens) * 60 / perMinute
    }

    private mutating func refill(now: Date) {
        if let updated { tokens = min(burst, tokens + now.timeIntervalSince(updated) * perMinute / 60) }
        updated = now
    }
}
