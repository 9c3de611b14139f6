import Foundation
import Markup

/// A feed document as parsed, in one model whatever its format. The coding keys are those
/// of the `yuqing parse --json` contract.
public struct ParsedFeed: Sendable, Codable, Equatable {
    /// `rss2.0`, `rss1.0`, `rss0.91`, `atom1.0`, `atom0.3`, `jsonfeed1.1`, …
    public var format: String
    /// The charset the bytes were decoded with (`utf-8`, `gb18030`, …).
    public var encoding: String
    /// False when the document had errors and the result comes from recovery.
    public var wellformed: Bool
    public var warnings: [String]
    public var feed: FeedChannel
    public var entries: [FeedEntry]
    /// Byte sequences invalid in the charset, replaced with U+FFFD; nil when none.
    public var invalidSequences: Int?

    public init(
        format: String, encoding: String, wellformed: Bool, warnings: [String] = [],
        feed: FeedChannel = FeedChannel(), entries: [FeedEntry] = []
    ) {
        self.format = format
        self.encoding = encoding
        self.wellformed = wellformed
        self.warnings = warnings
        self.feed = feed
        self.entries = entries
    }

    /// A document as every parser reports it: the charset `decoded` used and the byte
    /// sequences it replaced; well-formed only when nothing was replaced and `wellformed`
    /// (the format's own judgement) holds.
    init(format: String, decoded: DocumentDecoder.Result, wellformed: Bool, warnings: [String], feed: FeedChannel, entries: [FeedEntry]) {
        self.init(
            format: format, encoding: decoded.charset.name, wellformed: wellformed && decoded.replacements == 0, warnings: warnings,
            feed: feed, entries: entries)
        invalidSequences = decoded.replacements > 0 ? decoded.replacements : nil
    }
}

/// The channel / feed-level metadata.
public struct FeedChannel: Sendable, Codable, Equatable {
    public var title: String?
    public var link: String?
    public var subtitle: String?
    public var rights: String?
    public var language: String?
    public var id: String?
    public var updated: Date?
    public var generator: String?
    public var authors: [FeedPerson]?
    public var tags: [FeedTag]?
    public var links: [FeedLink]?
    public var image: FeedImage?
    /// RSS `<ttl>`: minutes the channel may be cached.
    public var ttl: Int?

    public init() {}
}

/// One item / entry.
public struct FeedEntry: Sendable, Codable, Equatable {
    public var id: String?
    public var title: String?
    public var link: String?
    public var links: [FeedLink]?
    /// RSS description / Atom summary: HTML where the format says so, sanitised.
    public var summary: String?
    public var content: [FeedContent]?
    public var published: Date?
    public var updated: Date?
    public var authors: [FeedPerson]?
    public var contributors: [FeedPerson]?
    public var tags: [FeedTag]?
    public var enclosures: [FeedEnclosure]?
    public var comments: String?
    public var source: FeedSourceRef?
    /// The rank on a hot list (JSON sources), from 1.
    public var rank: Int?
    /// The hot value a list shows (JSON sources), as a number (`120万` is 1,200,000).
    public var hot: Double?

    public init() {}
}

public struct FeedPerson: Sendable, Codable, Equatable {
    public var name: String?
    public var email: String?
    public var url: String?

    public init(name: String? = nil, email: String? = nil, url: String? = nil) {
        self.name = name
        self.email = email
        self.url = url
    }

    /// Reads the RSS forms `email (Name)`, `Name <email>`, `Name`, `email`.
    public init(rssText text: String) {
        let trimmed = text.trimmedWhitespace
        if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
            let before = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let inside = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            if before.contains("@") {
                self.init(name: inside, email: before)
            } else {
                self.init(name: before.isEmpty ? inside : before, email: inside.contains("@") ? inside : nil)
            }
        } else if let open = trimmed.firstIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            self.init(name: name.isEmpty ? nil : name, email: email)
        } else if trimmed.contains("@") && !trimmed.contains(" ") {
            self.init(email: trimmed)
        } else {
            self.init(name: trimmed)
        }
    }
}

public struct FeedTag: Sendable, Codable, Equatable {
    public var term: String?
    public var scheme: String?
    public var label: String?

    public init(term: String? = nil, scheme: String? = nil, label: String? = nil) {
        self.term = term
        self.scheme = scheme
        self.label = label
    }
}

public struct FeedLink: Sendable, Codable, Equatable {
    public var href: String?
    public var rel: String?
    public var type: String?
    public var title: String?

    public init(href: String? = nil, rel: String? = nil, type: String? = nil, title: String? = nil) {
        self.href = href
        self.rel = rel
        self.type = type
        self.title = title
    }
}

public struct FeedImage: Sendable, Codable, Equatable {
    public var href: String?
    public var title: String?
    public var link: String?

    public init(href: String? = nil, title: String? = nil, link: String? = nil) {
        self.href = href
        self.title = title
        self.link = link
    }
}

public struct FeedContent: Sendable, Codable, Equatable {
    public var value: String
    /// `text/plain`, `text/html` or `application/xhtml+xml`.
    public var type: String?
    public var language: String?
    public var base: String?

    public init(value: String, type: String? = nil, language: String? = nil, base: String? = nil) {
        self.value = value
        self.type = type
        self.language = language
        self.base = base
    }
}

public struct FeedEnclosure: Sendable, Codable, Equatable {
    public var href: String?
    public var type: String?
    public var length: Int?

    public init(href: String? = nil, type: String? = nil, length: Int? = nil) {
        self.href = href
        self.type = type
        self.length = length
    }
}

public struct FeedSourceRef: Sendable, Codable, Equatable {
    public var title: String?
    public var link: String?
    public var id: String?

    public init(title: String? = nil, link: String? = nil, id: String? = nil) {
        self.title = title
        self.link = link
        self.id = id
    }
}
