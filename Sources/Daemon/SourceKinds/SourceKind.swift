import Feeds

/// How one kind of source turns a fetched body into a feed: the typed result of reading a
/// source's `type` and its kind's own keys once, at load time.
public protocol SourceFormat: Sendable {
    /// The `type:` it was read from (`feed`, `html`).
    var type: String { get }

    func parse(_ body: [UInt8], contentType: String?, baseURL: String, parser: FeedParser) throws -> ParsedFeed
}

/// A kind of source in `feeds.yml`: its `type:` name, the keys it adds to a source, and
/// how it reads them. A new kind is one file with a `SourceKind` and one line in
/// `SourceKinds.all`.
protocol SourceKind: Sendable {
    var type: String { get }
    var keys: Set<String> { get }
    /// The kind's format, or nil after reporting what is wrong through `fields`' nodes.
    func read(_ fields: [String: ConfigNode], source: ConfigNode) -> (any SourceFormat)?
}

/// The registry of source kinds.
enum SourceKinds {
    static let all: [any SourceKind] = [FeedSourceKind(), HTMLListSourceKind(), JSONSourceKind()]

    static func kind(named type: String) -> (any SourceKind)? { all.first { $0.type == type } }

    /// Every key some kind adds.
    static var keys: Set<String> { all.reduce(into: Set<String>()) { $0.formUnion($1.keys) } }
}
