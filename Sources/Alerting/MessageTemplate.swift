import Foundation
import Mustache

/// A rule's own wording for its messages: Mustache templates for the title and the text,
/// rendered (as plain text, no HTML escaping) with the notification's fields — for item
/// alerts `item_title`, `summary`, `source`, `url`, `topic`, `score`, `terms`, `time`; for
/// spread alerts `story`, `sources`; for trend alerts `direction`, `score`, `current`,
/// `expected`; for source alerts `source`, `since` — plus `rule`, `channel` and the default
/// `title` and `text`. Feed text in the fields stays subject to each channel's escaping.
public struct MessageTemplate: Sendable {
    private let title: MustacheTemplate?
    private let text: MustacheTemplate?

    /// Throws the template parser's error (with its position) for a template that does not parse.
    public init(title: String?, text: String?) throws {
        self.title = try title.map { try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + $0) }
        self.text = try text.map { try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + $0) }
    }

    public func apply(to notification: Notification) -> Notification {
        var values: [String: String] = notification.fields
        values["rule"] = notification.rule
        values["channel"] = notification.channel
        values["title"] = notification.title
        values["text"] = notification.text
        var result = notification
        if let title { result.title = MailMessage.headerSafe(title.render(values)).trimmingCharacters(in: .whitespaces) }
        if let text { result.text = text.render(values) }
        return result
    }
}
