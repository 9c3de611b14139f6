import Foundation
import Storage

/// A silence: while active, notifications that match it are not sent (they are recorded
/// as silenced). Matchers that are nil match anything; at least one is set.
public struct Silence: Sendable, Codable, Equatable {
    public var id: String
    public var topic: String?
    public var rule: String?
    public var channel: String?
    public var source: String?
    public var starts: Date
    public var ends: Date
    public var comment: String
    public var createdBy: String?

    public init(
        id: String, topic: String? = nil, rule: String? = nil, channel: String? = nil, source: String? = nil,
        starts: Date, ends: Date, comment: String, createdBy: String? = nil
    ) {
        self.id = id
        self.topic = topic
        self.rule = rule
        self.channel = channel
        self.source = source
        self.starts = starts
        self.ends = ends
        self.comment = comment
        self.createdBy = createdBy
    }

    public func isActive(at date: Date) -> Bool { starts <= date && date < ends }

    /// True when every matcher that is set equals the notification's value.
    public func matches(_ notification: Notification) -> Bool {
        if let topic, notification.fields["topic"] != topic { return false }
        if let rule, notification.rule != rule { return false }
        if let channel, notification.channel != channel { return false }
        if let source, notification.fields["source"] != source { return false }
        return true
    }

    /// The silences file, `<data>/state/silences.json`, written by the CLI and read by the
    /// daemon before each delivery round.
    public static func file(dataDirectory: String) -> StateFile<[Silence]> {
        StateFile(path: dataDirectory + "/state/silences.json")
    }
}
