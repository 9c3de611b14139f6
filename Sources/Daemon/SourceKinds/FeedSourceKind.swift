import Feeds

/// `type: feed` (the default): RSS 0.9x–2.0, RSS 1.0, Atom, JSON Feed, CDF, detected from
/// the body.
struct FeedSourceKind: SourceKind {
    let type = "feed"
    let keys: Set<String> = []

    func read(_ fields: [String: ConfigNode], source: ConfigNode) -> (any SourceFormat)? { FeedFormat() }
}

/// A syndication feed, its format detected from the body.
public struct FeedFormat: SourceFormat {
    public let type = "feed"

    public init() {}

    public func parse(_ body: [UInt8], contentType: String?, baseURL: String, parser: FeedParser) throws -> ParsedFeed {
        try parser.parse(body, contentType: contentType, baseURL: baseURL)
    }
}
