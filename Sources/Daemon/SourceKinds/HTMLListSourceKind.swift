import Feeds
import Markup

/// `type: html` with `extract: {item, title, link, date, summary}`: items read from a list
/// page by CSS selectors.
struct HTMLListSourceKind: SourceKind {
    let type = "html"
    let keys: Set<String> = ["extract"]
    private static let ruleKeys = ["item", "title", "link", "date", "summary"]

    func read(_ fields: [String: ConfigNode], source: ConfigNode) -> (any SourceFormat)? {
        guard let node = fields["extract"] else {
            (fields["type"] ?? source).error("a source of type html needs \"extract\" with at least \"item\"")
            return nil
        }
        guard let rules = node.mapping(allowed: Set(Self.ruleKeys)) else { return nil }
        guard let item = rules["item"]?.string() else {
            node.error("missing required key \"item\"")
            return nil
        }
        do {
            return HTMLListFormat(rules: try HTMLListRules(
                item: item, title: rules["title"]?.string() ?? "a", link: rules["link"]?.string() ?? "a@href",
                date: rules["date"]?.string(), summary: rules["summary"]?.string()))
        } catch {
            let offending = Self.ruleKeys.first { rules[$0]?.string() == error.selector }
            (offending.flatMap { rules[$0] } ?? node).error(error.description)
            return nil
        }
    }
}

/// A list page read by CSS selectors.
public struct HTMLListFormat: SourceFormat {
    public let type = "html"
    public let rules: HTMLListRules

    public func parse(_ body: [UInt8], contentType: String?, baseURL: String, parser: FeedParser) throws -> ParsedFeed {
        try parser.parseHTMLList(body, contentType: contentType, baseURL: baseURL, rules: rules)
    }
}
