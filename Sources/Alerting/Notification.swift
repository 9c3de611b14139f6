import Foundation

/// One message to deliver to one channel. Written to the outbox before the first attempt;
/// `id` is its idempotency key, sent as a header and in the body so that receivers can
/// drop the duplicates an at-least-once delivery may produce.
public struct Notification: Sendable, Codable, Equatable {
    public var id: String
    public var rule: String
    public var channel: String
    public var created: Date
    public var title: String
    public var text: String
    /// Structured fields for webhook bodies (item id, topic, score, url …).
    public var fields: [String: String]
    public var attempts: Int
    public var nextAttempt: Date
    public var lastError: String?
    /// When a channel accepted it.
    public var delivered: Date?
    /// Notifications of one group (same rule and topic, same channel) that are due together
    /// are sent as one message.
    public var group: String?
    /// After the group's last message, the next waits at least this long (seconds).
    public var groupInterval: Double?
    /// The silence that suppressed it, if one did.
    public var silencedBy: String?

    public init(id: String, rule: String, channel: String, created: Date, title: String, text: String, fields: [String: String]) {
        self.id = id
        self.rule = rule
        self.channel = channel
        self.created = created
        self.title = title
        self.text = text
        self.fields = fields
        self.attempts = 0
        self.nextAttempt = created
    }
}
