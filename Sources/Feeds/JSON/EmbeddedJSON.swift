import Markup

/// Where a page keeps its data as JSON: in an element (`script#__NEXT_DATA__`) or assigned
/// to a script variable (`window.__INITIAL_STATE__ = {…}`).
public enum EmbeddedJSON: Sendable {
    case element(ExtractionRule)
    case variable(String)

    /// A CSS selector (or `xpath:…`), or a variable: a dotted name such as `window.__DATA__`.
    public init(_ text: String) throws(CSSSelector.SyntaxError) {
        let isVariable = text.split(separator: ".").allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        } && text.contains(".") && !text.hasPrefix("script")
        self = isVariable ? .variable(text) : .element(try ExtractionRule(text, relative: false))
    }

    /// The JSON text the page holds there, or nil when it is not there.
    func text(in html: String) throws(FeedError) -> String? {
        switch self {
        case .element(let rule):
            do {
                return try HTMLExtractor.firstText(html: html, rule: rule)
            } catch {
                throw .notAFeed(error.description)
            }
        case .variable(let name):
            return Self.assignedValue(of: name, in: html)
        }
    }

    /// The object or array literal assigned to `name` (`name = {…}` or `name={…};`), found by
    /// balancing brackets outside strings.
    static func assignedValue(of name: String, in html: String) -> String? {
        let bytes = Array(html.utf8)
        let needle = Array(name.utf8)
        guard !needle.isEmpty else { return nil }
        var start = 0
        while let found = ByteSearch.firstIndex(of: needle, in: bytes, from: start) {
            var index = found + needle.count
            start = index
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") else { continue }
            if let end = balancedEnd(bytes, from: index) { return String(decoding: bytes[index...end], as: UTF8.self) }
        }
        return nil
    }

    /// The index of the bracket that closes the one at `start`, skipping strings.
    private static func balancedEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var quote: UInt8?
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }
}

extension FeedParser {
    /// Reads the items of a page that embeds its data as JSON (format `html+json`).
    public func parseEmbeddedJSON(
        _ bytes: [UInt8], contentType: String?, baseURL: String?, location: EmbeddedJSON, rules: JSONListRules
    ) throws(FeedError) -> ParsedFeed {
        guard bytes.contains(where: { $0 > 0x20 }) else { throw .empty }
        let decoded = DocumentDecoder.decode(bytes, contentType: contentType)
        guard let json = try location.text(in: decoded.text) else {
            switch location {
            case .element(let rule): throw .notAFeed("the script rule \"\(rule.xpath)\" matched nothing")
            case .variable(let name): throw .notAFeed("no \(name) = {…} in the page")
            }
        }
        var feed = try parseJSONList(Array(json.utf8), contentType: "application/json; charset=utf-8", baseURL: baseURL, rules: rules)
        feed.format = "html+json"
        feed.encoding = decoded.charset.name
        return feed
    }
}
