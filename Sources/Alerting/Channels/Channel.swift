import Foundation

/// A delivery target for notifications.
public protocol Channel: Sendable {
    var name: String { get }
    /// Messages per minute this channel may send (a token bucket in the outbox); nil
    /// for no limit.
    var ratePerMinute: Double? { get }
    /// A daily span during which nothing is sent; nil for none.
    var quietHours: QuietHours? { get }
    /// Send one summary per period instead of single messages; nil for single messages.
    var digest: DigestSchedule? { get }
    /// Delivers one notification; throws `DeliveryError` when it was not accepted.
    func deliver(_ notification: Notification) async throws
}

extension Channel {
    /// How many messages the rate limit lets out at once after a quiet spell.
    public var rateBurst: Double { ratePerMinute.map(TokenBucket.defaultBurst) ?? 1 }
    public var ratePerMinute: Double? { nil }
    public var quietHours: QuietHours? { nil }
    public var digest: DigestSchedule? { nil }
}

/// A channel with a schedule (quiet hours, digest): delivers through `base`, and tells the
/// outbox when to hold.
public struct ScheduledChannel: Channel {
    public let base: any Channel
    public let quietHours: QuietHours?
    public let digest: DigestSchedule?

    public init(_ base: any Channel, quietHours: QuietHours?, digest: DigestSchedule? = nil) {
        self.base = base
        self.quietHours = quietHours
        self.digest = digest
    }

    public var name: String { base.name }
    public var ratePerMinute: Double? { base.ratePerMinute }

    public func deliver(_ notification: Notification) async throws {
        try await base.deliver(notification)
    }
}

/// Why a channel did not accept a notification.
public struct DeliveryError: Error, CustomStringConvertible {
    public var description: String
    /// The receiver asked to wait this long (HTTP 429 `Retry-After`).
    public var retryAfter: Double?

    public init(_ description: String, retryAfter: Double? = nil) {
        self.description = description
        self.retryAfter = retryAfter
    }
}
