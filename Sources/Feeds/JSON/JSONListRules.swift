/// How to read items out of a JSON document (a site's API, a hot list, an aggregator's
/// output): a JSONPath to the items and, per field, where in each item its value is.
public struct JSONListRules: Sendable {
    /// Selects the items; `$` is the document.
    public var items: JSONPath
    public var title: JSONField
    public var link: JSONField?
    public var summary: JSONField?
    /// A date in any form yuqing reads, or Unix seconds or milliseconds.
    public var date: JSONField?
    /// A stable id (else the link, else the title).
    public var id: JSONField?
    /// The rank on a hot list (else the position in the list, from 1).
    public var rank: JSONField?
    /// The hot value: a number, or text such as `1234万热度`.
    public var hot: JSONField?

    public init(
        items: JSONPath, title: JSONField, link: JSONField? = nil, summary: JSONField? = nil, date: JSONField? = nil,
        id: JSONField? = nil, rank: JSONField? = nil, hot: JSONField? = nil
    ) {
        self.items = items
        self.title = title
        self.link = link
        self.summary = summary
        self.date = date
        self.id = id
        self.rank = rank
        self.hot = hot
    }
}

/// One field of an item: a JSONPath where `$` is the item (`$.target.title`), or a
/// template whose `{…}` parts are such paths or plain member names
/// (`https://www.zhihu.com/question/{id}`).
public struct JSONField: Sendable, CustomStringConvertible {
    enum Part: Sendable {
        case text(String)
        case path(JSONPath)
    }

    let parts: [Part]
    public let description: String

    /// Reads `$…` as a path and anything else as a template; a path's error column counts
    /// from the start of `text`.
    public init(_ text: String) throws(JSONPathError) {
        description = text
        if text.hasPrefix("$") {
            parts = [.path(try JSONPath(text))]
            return
        }
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        var offset = 0
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw JSONPathError(column: offset + rest.distance(from: rest.startIndex, to: open) + 1, message: "{ without }")
            }
            if !literal.isEmpty { parts.append(.text(literal)) }
            literal = ""
            let inner = String(rest[rest.index(after: open)..<close])
            let innerColumn = offset + rest.distance(from: rest.startIndex, to: open) + 1
            do {
                parts.append(.path(try JSONPath(inner.hasPrefix("$") ? inner : "$['" + inner.replacingOccurrences(of: "'", with: "\\'") + "']")))
            } catch {
                throw JSONPathError(column: innerColumn + error.column, message: error.message)
            }
            offset += rest.distance(from: rest.startIndex, to: close) + 1
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// The first selected value of a path alone; nil when it selects nothing.
    public func value(in item: JSONValue) -> JSONValue? {
        guard parts.count == 1, case .path(let path) = parts[0] else { return text(in: item).map(JSONValue.string) }
        return path.select(item).first
    }

    /// The field as text; nil when a path in it selects no text.
    public func text(in item: JSONValue) -> String? {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .path(let path):
                guard let value = path.select(item).first?.text else { return nil }
                result += value
            }
        }
        return result
    }
}
