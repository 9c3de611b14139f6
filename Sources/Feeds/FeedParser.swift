import Foundation
import Markup

/// Why a document gave no feed.
public enum FeedError: Error, Equatable, CustomStringConvertible {
    /// No bytes, or only white space.
    case empty
    /// A document, but not a feed (an HTML page, JSON that is no JSON Feed).
    case notAFeed(String)
    /// A feed-like document in a format yuqing does not read.
    case unsupported(String)

    /// The contract's `error.kind`.
    public var kind: String {
        switch self {
        case .empty: return "empty"
        case .notAFeed: return "not-a-feed"
        case .unsupported: return "unsupported"
        }
    }

    public var description: String {
        switch self {
        case .empty: return "the document is empty"
        case .notAFeed(let why): return "not a feed: \(why)"
        case .unsupported(let why): return "unsupported format: \(why)"
        }
    }
}

/// The entry point of Feeds: detects the format from the content, decodes the charset,
/// and hands the document to the parser for its format.
public struct FeedParser: Sendable {
    public var dates: FeedDateParser

    public init(dates: FeedDateParser) {
        self.dates = dates
    }

    /// - Parameters:
    ///   - contentType: the HTTP Content-Type, whose charset wins over the document's.
    ///   - baseURL: where the document came from; relative links resolve against it.
    public func parse(_ bytes: [UInt8], contentType: String? = nil, baseURL: String? = nil) throws(FeedError) -> ParsedFeed {
        guard bytes.contains(where: { !Self.isWhitespaceOrBOM($0) }) else { throw .empty }
        let context = ParseContext(baseURL: baseURL, dates: dates)
        _ = Namespace.registered  // before any document resolves a namespace
        let decoded = DocumentDecoder.decode(bytes, contentType: contentType)
        let firstCharacter = decoded.text.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
        if firstCharacter == "{" || firstCharacter == "[" {
            return try parseJSON(decoded, context: context)
        }
        let result = MarkupParser.withXMLDocument(decoded.text, url: baseURL) { markup in
            Result { () throws(FeedError) -> ParsedFeed in try parse(markup, decoded: decoded, context: context) }
        }
        return try result.get()
    }

    /// Reads the feed out of libxml2's tree while it is alive.
    private func parse(_ markup: XMLDocumentView, decoded: DocumentDecoder.Result, context: ParseContext) throws(FeedError) -> ParsedFeed {
        var context = context
        guard let root = markup.root else {
            throw .notAFeed(markup.errors.first ?? "no root element")
        }
        let format: String
        let channel: FeedChannel
        let entries: [FeedEntry]
        switch root.name {
        case "rss", "RDF":
            var parser = RSSParser(context: context)
            format = parser.format(of: root)
            (channel, entries) = parser.parse(root: root)
            context = parser.context
        case "feed":
            var parser = AtomParser(context: context, root: root)
            format = AtomParser.format(of: root)
            (channel, entries) = parser.parse(root: root)
            context = parser.context
        case "channel" where root.namespace == nil || root.namespace == Namespace.rss10:
            var parser = RSSParser(context: context)
            format = "rss"
            (channel, entries) = parser.parse(root: root)
            context = parser.context
        case "CHANNEL":
            var parser = CDFParser(context: context)
            format = "cdf"
            (channel, entries) = parser.parse(root: root)
            context = parser.context
        case "html", "HTML":
            throw .notAFeed("an HTML page (root element <html>)")
        default:
            throw .notAFeed("root element <\(root.name)> is not a feed")
        }
        // Read after the entries: entity expansion happens while their text is read.
        let warnings = decoded.warnings + markup.errors + context.warnings
        return ParsedFeed(
            format: format, decoded: decoded, wellformed: markup.wellFormed && decoded.declaredCorrectly, warnings: warnings,
            feed: channel, entries: entries)
    }

    private func parseJSON(_ decoded: DocumentDecoder.Result, context: ParseContext) throws(FeedError) -> ParsedFeed {
        let data = Data(decoded.text.utf8)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .notAFeed("JSON syntax error: \(error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any], let version = dictionary["version"] as? String,
            version.contains("jsonfeed.org")
        else { throw .notAFeed("JSON without a jsonfeed.org version") }
        let (format, channel, entries) = JSONFeedParser(context: context).parse(dictionary)
        return ParsedFeed(
            format: format, decoded: decoded, wellformed: decoded.declaredCorrectly, warnings: decoded.warnings, feed: channel, entries: entries)
    }

    private static func isWhitespaceOrBOM(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
            || byte == 0
    }
}
