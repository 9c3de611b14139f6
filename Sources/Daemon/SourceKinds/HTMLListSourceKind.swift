import Feeds
import Markup

/// `type: html` with `extract: {item, title, link, date, summary}`: items read from a list
/// page by CSS selectors; or with `script:` (a selector such as `script#__NEXT_DATA__`, or a
/// variable such as `window.__INITIAL_STATE__`) and `items`/`fields` as for `type: json`:
/// items from the JSON the page embeds.
struct HTMLListSourceKind: SourceKind {
    let type = "html"
    let keys: Set<String> = ["extract", "script", "items", "fields"]
    private static let ruleKeys = ["item", "title", "link", "date", "summary"]

    func read(_ fields: [String: ConfigNode], source: ConfigNode) -> (any SourceFormat)? {
        if let script = fields["script"] { return embedded(script, fields: fields, source: source) }
        for key in ["items", "fields"] { fields[key]?.error("\"\(key)\" on a page goes with \"script\" (JSON the page embeds)") }
        guard let node = fields["extract"] else {
            (fields["type"] ?? source).error("a source of type html needs \"extract\" with at least \"item\", or \"script\" with \"items\" and \"fields\"")
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

    private func embedded(_ script: ConfigNode, fields: [String: ConfigNode], source: ConfigNode) -> (any SourceFormat)? {
        if fields["extract"] != nil { fields["extract"]?.error("a page is read by \"extract\" or by \"script\", not both") }
        guard fields["items"] != nil, fields["fields"] != nil else {
            script.error("\"script\" needs \"items\" (a JSONPath) and \"fields\" with at least \"title\"")
            return nil
        }
        guard let text = script.string() else { return nil }
        let location: EmbeddedJSON
        do {
            location = try EmbeddedJSON(text)
        } catch {
            script.error(error.description)
            return nil
        }
        return JSONListRulesReader.read(fields).map { EmbeddedJSONFormat(location: location, rules: $0) }
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

/// A page whose items are in the JSON it embeds.
public struct EmbeddedJSONFormat: SourceFormat {
    public let type = "html"
    public let location: EmbeddedJSON
    public let rules: JSONListRules

    public func parse(_ body: [UInt8], contentType: String?, baseURL: String, parser: FeedParser) throws -> ParsedFeed {
        try parser.parseEmbeddedJSON(body, contentType: contentType, baseURL: baseURL, location: location, rules: rules)
    }
}
