import Foundation
import Markup

extension FeedParser {
    /// Reads a JSON document with `rules` into the same model as a feed (format `json`).
    /// Links resolve against `baseURL`. An items path that selects nothing, or a title that
    /// no item has, is an error naming the path and the document's shape where it stopped
    /// matching — an API that changed says where.
    public func parseJSONList(_ bytes: [UInt8], contentType: String?, baseURL: String?, rules: JSONListRules) throws(FeedError) -> ParsedFeed {
        guard bytes.contains(where: { $0 > 0x20 }) else { throw .empty }
        let decoded = DocumentDecoder.decode(bytes, contentType: contentType)
        let context = ParseContext(baseURL: baseURL, dates: dates)
        var warnings = decoded.warnings
        var entries: [FeedEntry] = []
        var count = 0
        var first: JSONValue?
        // Item by item: an item becomes an entry and its tree is let go.
        try Self.forEachItem(Array(decoded.text.utf8), path: rules.items) { item in
            count += 1
            if first == nil { first = item }
            guard var entry = entry(item, rules: rules, context: context, warnings: &warnings) else { return }
            entry.rank = entry.rank ?? count
            entries.append(entry)
        }
        guard !entries.isEmpty else {
            let shape = first.map { JSONShape.describe($0) } ?? "nothing"
            throw .notAFeed("the title \(rules.title) gives no text in any of \(count) item(s); an item is \(shape)")
        }
        return ParsedFeed(format: "json", decoded: decoded, wellformed: true, warnings: warnings, feed: FeedChannel(), entries: entries)
    }

    /// The values `path` selects, collected (for tests and small documents).
    static func items(_ text: [UInt8], path: JSONPath) throws(FeedError) -> [JSONValue] {
        var items: [JSONValue] = []
        try forEachItem(text, path: path) { items.append($0) }
        return items
    }

    /// Hands on the values `path` selects: streamed for a path of names ending in `[*]`
    /// (memory: the body and one item), from the whole tree otherwise — only for bodies up
    /// to `JSONItemStream.treeLimit`, since the tree takes several times the body.
    static func forEachItem(_ text: [UInt8], path: JSONPath, _ body: (JSONValue) -> Void) throws(FeedError) {
        if let names = JSONItemStream.names(of: path) {
            var stream = JSONItemStream(text)
            do {
                if let count = try stream.forEach(names: names, body), count > 0 { return }
                if text.count > JSONItemStream.treeLimit {
                    let stopped = stream.stoppedAt.isEmpty ? "it is empty" : stream.stoppedAt
                    throw FeedError.notAFeed("\(path) selects nothing; \(stopped)")
                }
            } catch let error as FeedError {
                throw error
            } catch {
                if case .malformed(let offset) = error as? JSONItemStream.Failure {
                    throw .notAFeed("not JSON: a syntax error near byte \(offset)")
                }
                throw .notAFeed("not JSON: \(error)")
            }
        }
        guard text.count <= JSONItemStream.treeLimit || JSONItemStream.names(of: path) != nil else {
            throw .notAFeed(
                "the JSON body is \(text.count >> 10) KiB and \(path) needs the whole document in memory (about 9× the body), "
                    + "allowed up to \(JSONItemStream.treeLimit >> 20) MiB; a path of names ending in [*] (such as $.data.items[*]) is read item by item")
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch {
            throw .notAFeed("not JSON: \(error)")
        }
        let items = path.select(document)
        guard !items.isEmpty else {
            throw .notAFeed("\(path) selects nothing; \(JSONShape.around(path, in: document))")
        }
        items.forEach(body)
    }

    private func entry(_ item: JSONValue, rules: JSONListRules, context: ParseContext, warnings: inout [String]) -> FeedEntry? {
        guard let title = rules.title.text(in: item), !title.isEmpty else { return nil }
        var entry = FeedEntry()
        entry.title = title
        entry.link = context.resolve(rules.link?.text(in: item), against: context.baseURL)
        entry.id = rules.id?.text(in: item) ?? entry.link ?? title
        entry.summary = rules.summary?.text(in: item)
        if let field = rules.date, let value = field.value(in: item) {
            entry.published = JSONDates.date(value, parser: dates)
            if entry.published == nil { warnings.append("unreadable date \(String((value.text ?? "").prefix(40)))") }
        }
        entry.rank = rules.rank?.value(in: item)?.number.map { Int($0) }
        entry.hot = rules.hot?.value(in: item).flatMap(HotValue.number)
        return entry
    }
}

/// Dates in JSON: Unix seconds or milliseconds (numbers or digit strings), else any form
/// `FeedDateParser` reads.
enum JSONDates {
    static func date(_ value: JSONValue, parser: FeedDateParser) -> Date? {
        if let number = value.number ?? value.text.flatMap({ $0.allSatisfy(\.isASCIIDigit) ? Double($0) : nil }) {
            guard number > 0 else { return nil }
            return Date(timeIntervalSince1970: number >= 1e11 ? number / 1000 : number)
        }
        return value.text.flatMap(parser.parse)
    }
}

/// Hot values as lists show them: `1234567`, `"120万"`, `"3.2亿热度"`, `"98w"`, `"1.5k"`.
enum HotValue {
    static func number(_ value: JSONValue) -> Double? {
        if let number = value.number { return number }
        guard let text = value.text else { return nil }
        let scalars = Array(text.unicodeScalars)
        var end = 0
        while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == "." || scalars[end] == "," { end += 1 }
        guard end > 0, let base = Double(String(String.UnicodeScalarView(scalars[..<end])).replacingOccurrences(of: ",", with: "")) else { return nil }
        let unit = end < scalars.count ? Character(scalars[end]) : " "
        let factors: [Character: Double] = ["万": 1e4, "w": 1e4, "W": 1e4, "亿": 1e8, "k": 1e3, "K": 1e3]
        return base * (factors[unit] ?? 1)
    }
}
