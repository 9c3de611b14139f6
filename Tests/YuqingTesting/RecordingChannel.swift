import Alerting
import Foundation

/// A channel that records every message it accepts; it can fail a set number of times
/// first, and carry quiet hours, a rate and a digest period like a configured channel.
public actor RecordingChannel: Channel {
    public nonisolated let name: String
    public nonisolated let quietHours: QuietHours?
    public nonisolated let ratePerMinute: Double?
    public nonisolated let digest: DigestSchedule?
    private var failuresLeft: Int
    public private(set) var messages: [Alerting.Notification] = []

    public init(
        name: String = "test", failures: Int = 0, quietHours: QuietHours? = nil, ratePerMinute: Double? = nil,
        digest: DigestSchedule? = nil
    ) {
        self.name = name
        self.quietHours = quietHours
        self.ratePerMinute = ratePerMinute
        self.digest = digest
        failuresLeft = failures
    }

    /// The ids of the messages accepted, in order.
    public var delivered: [String] { messages.map(\.id) }

    public func deliver(_ notification: Alerting.Notification) async throws {
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw DeliveryError("simulated outage")
        }
        messages.append(notification)
    }
}
