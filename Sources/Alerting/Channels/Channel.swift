import Foundation

/// A delivery target for notifications.
public protocol Channel: Sendable {
    var name: String { get }
    /// Messages per minute this channel may send (a token bucket in the outbox); nil
    /// for no limit.
    var ratePerMinute: Double? { get }
    /// Delivers one notification; throws `DeliveryError` when it was not accepted.
    func deliver(_ notification: Notification) async throws
}

extension Channel {
    public var ratePerMinute: Double? { nil }
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
