import Feeds

/// `type: json`: items from a JSON document (a site's API, a hot list, an aggregator):
///
///     type: json
///     items: "$.data[*]"                       # JSONPath (RFC 9535) to the items
///     fields:                                  # per item, `$` is the item
///       title: "$.target.title"
///       link: "https://www.zhihu.com/question/{$.target.id}"   # a template
///       summary: "$.target.excerpt"
///       date: "$.target.created"               # any date form, or Unix s / ms
///       id: "$.target.id"
///       hot: "$.detail_text"                   # 1234万 → 12,340,000
///       rank: "$.rank"                         # else the position in the list
struct JSONSourceKind: SourceKind {
    let type = "json"
    let keys: Set<String> = ["items", "fields"]
    func read(_ fields: [String: ConfigNode], source: ConfigNode) -> (any SourceFormat)? {
        guard fields["items"] != nil, fields["fields"] != nil else {
            (fields["type"] ?? source).error("a source of type json needs \"items\" (a JSONPath) and \"fields\" with at least \"title\"")
            return nil
        }
        return JSONListRulesReader.read(fields).map(JSONListFormat.init)
    }
}

/// `items` and `fields` of a JSON source or of a page with embedded JSON, each path checked
/// with its error at its column.
enum JSONListRulesReader {
    private static let fieldKeys = ["title", "link", "summary", "date", "id", "rank", "hot"]

    static func read(_ fields: [String: ConfigNode]) -> JSONListRules? {
        guard let itemsNode = fields["items"], let fieldsNode = fields["fields"] else { return nil }
        let items = path(itemsNode)
        guard let mapping = fieldsNode.mapping(allowed: Set(fieldKeys)) else { return nil }
        var parsed: [String: JSONField] = [:]
        for (key, node) in mapping {
            guard let text = node.string() else { continue }
            do {
                parsed[key] = try JSONField(text)
            } catch {
                node.error(error.message, atColumn: error.column)
            }
        }
        guard mapping["title"] != nil else {
            fieldsNode.error("missing required key \"title\"")
            return nil
        }
        guard let items, let title = parsed["title"], parsed.count == mapping.count else { return nil }
        return JSONListRules(
            items: items, title: title, link: parsed["link"], summary: parsed["summary"], date: parsed["date"],
            id: parsed["id"], rank: parsed["rank"], hot: parsed["hot"])
    }

    private static func path(_ node: ConfigNode) -> JSONPath? {
        guard let text = node.string() else { return nil }
        do {
            return try JSONPath(text)
        } catch {
            node.error(error.message, atColumn: error.column)
            return nil
        }
    }
}

/// A JSON document read by JSONPath.
public struct JSONListFormat: SourceFormat {
    public let type = "json"
    public let rules: JSONListRules

    public func parse(_ body: [UInt8], contentType: String?, baseURL: String, parser: FeedParser) throws -> ParsedFeed {
        try parser.parseJSONList(body, contentType: contentType, baseURL: baseURL, rules: rules)
    }
}
