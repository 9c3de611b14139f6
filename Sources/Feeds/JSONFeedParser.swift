import Foundation
import Markup

/// JSON Feed 1.0 and 1.1 onto `ParsedFeed`.
struct JSONFeedParser {
    var context: ParseContext

    func parse(_ object: [String: Any]) -> (format: String, FeedChannel, [FeedEntry]) {
        let version = object["version"] as? String ?? ""
        let format = version.hasSuffix("/1.1") ? "jsonfeed1.1" : "jsonfeed1"
        let base = context.baseURL
        var info = FeedChannel()
        info.title = (object["title"] as? String)?.nonEmptyTrimmed
        info.link = context.resolve(object["home_page_url"] as? String, against: base)
        info.subtitle = (object["description"] as? String)?.nonEmptyTrimmed
        info.language = object["language"] as? String
        if let feedURL = context.resolve(object["feed_url"] as? String, against: base) {
            info.links = [FeedLink(href: feedURL, rel: "self", type: "application/feed+json")]
        }
        info.authors = Self.authors(object).nonEmpty
        if let icon = object["icon"] as? String { info.image = FeedImage(href: context.resolve(icon, against: base)) }
        let items = object["items"] as? [[String: Any]] ?? []
        let entries = items.enumerated().map { index, item in parseItem(item, index: index, base: base) }
        return (format, info, entries)
    }

    private func parseItem(_ item: [String: Any], index: Int, base: String?) -> FeedEntry {
        var entry = FeedEntry()
        entry.id = Self.string(item["id"]) ?? (item["url"] as? String) ?? "index:\(index)"
        entry.title = (item["title"] as? String)?.nonEmptyTrimmed
        entry.link = context.resolve(item["url"] as? String, against: base)
        entry.summary = (item["summary"] as? String)?.nonEmptyTrimmed
        var content: [FeedContent] = []
        if let html = item["content_html"] as? String { content.append(FeedContent(value: HTMLSanitizer.sanitize(html), type: "text/html")) }
        if let text = item["content_text"] as? String { content.append(FeedContent(value: text, type: "text/plain")) }
        entry.content = content.nonEmpty
        entry.published = (item["date_published"] as? String).flatMap { context.dates.parse($0) }
        entry.updated = (item["date_modified"] as? String).flatMap { context.dates.parse($0) }
        entry.authors = Self.authors(item).nonEmpty
        entry.tags = (item["tags"] as? [String])?.map { FeedTag(term: $0) }.nonEmpty
        entry.enclosures = (item["attachments"] as? [[String: Any]])?.map { attachment in
            FeedEnclosure(
                href: context.resolve(attachment["url"] as? String, against: base),
                type: attachment["mime_type"] as? String,
                length: (attachment["size_in_bytes"] as? NSNumber)?.intValue)
        }.nonEmpty
        return entry
    }

    private static func authors(_ object: [String: Any]) -> [FeedPerson] {
        var list = object["authors"] as? [[String: Any]] ?? []
        if let single = object["author"] as? [String: Any] { list.append(single) }
        return list.map { FeedPerson(name: $0["name"] as? String, url: $0["url"] as? String) }
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text.nonEmptyTrimmed
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
