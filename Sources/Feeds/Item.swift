import Foundation
import Markup

/// One item as the pipeline carries it: plain text, a stable id, and where and when it
/// was seen. Made from a `FeedEntry` of any format.
public struct Item: Sendable, Codable, Equatable {
    /// Stable across restarts: derived from the source id and the entry's guid / link /
    /// title, never from the fetch time.
    public var id: String
    public var sourceID: String
    public var url: String?
    public var title: String
    /// Plain text of the summary or content, at most `Item.maxSummaryLength` characters.
    public var summary: String
    public var published: Date?
    public var fetched: Date

    public static let maxSummaryLength = 2000

    public init(id: String, sourceID: String, url: String?, title: String, summary: String, published: Date?, fetched: Date) {
        self.id = id
        self.sourceID = sourceID
        self.url = url
        self.title = title
        self.summary = summary
        self.published = published
        self.fetched = fetched
    }

    /// The item for `entry` of source `sourceID`, fetched at `fetched`.
    public init(entry: FeedEntry, sourceID: String, fetched: Date) {
        let title = entry.title.map(HTMLText.plainText(fromHTML:)) ?? ""
        let body = entry.summary ?? entry.content?.first?.value ?? ""
        let summary = HTMLText.plainText(fromHTML: body)
        let key = entry.id ?? entry.link ?? "\(title)|\(entry.published?.timeIntervalSince1970 ?? 0)"
        self.init(
            id: StableID.make(sourceID: sourceID, key: key),
            sourceID: sourceID,
            url: entry.link,
            title: title,
            summary: String(summary.prefix(Self.maxSummaryLength)),
            published: Self.clamped(entry.published ?? entry.updated, fetched: fetched),
            fetched: fetched)
        self = titled
    }

    /// The item with a title: when it has none (JSON Feed items often have none), the first
    /// sentence of its summary, at most 60 characters.
    public var titled: Item {
        guard title.isEmpty, !summary.isEmpty else { return self }
        var copy = self
        copy.title = Self.headline(fromSummary: summary)
        return copy
    }

    /// The first sentence of `summary` (up to 。！？!? or a line break), cut at 60 characters.
    public static func headline(fromSummary summary: String) -> String {
        let stops: Set<Character> = ["。", "！", "？", "!", "?", "\n", "；"]
        var sentence = ""
        for character in summary.trimmingCharacters(in: .whitespacesAndNewlines) {
            if stops.contains(character) { break }
            sentence.append(character)
            if sentence.count >= 60 { return sentence + "…" }
        }
        return sentence.trimmingCharacters(in: .whitespaces)
    }

    /// How far past the fetch time a date may lie before it counts as wrong.
    public static let futureTolerance: TimeInterval = 600

    /// The earliest publication date taken at face value (1990-01-01 UTC, before the web):
    /// an earlier one is a parse accident, a placeholder (`1970-01-01`) or hostile.
    public static let earliestPlausible = Date(timeIntervalSince1970: 631_152_000)

    /// A date far in the future (a wrong zone, a typo, a scheduled post) or before
    /// `earliestPlausible` becomes the fetch time.
    public static func clamped(_ date: Date?, fetched: Date) -> Date? {
        guard let date else { return nil }
        return isImplausible(date, fetched: fetched) ? fetched : date
    }

    /// True for a date after the fetch time (beyond the tolerance) or before 1990.
    public static func isImplausible(_ date: Date, fetched: Date) -> Bool {
        date > fetched.addingTimeInterval(futureTolerance) || date < earliestPlausible
    }
}

/// Deterministic ids: 64-bit FNV-1a over the source id and the entry key, in hex.
public enum StableID {
    public static func make(sourceID: String, key: String) -> String {
        "\(sourceID)-\(hex(fnv1a(sourceID + "\u{1F}" + key)))"
    }

    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A 32-hex-digit key: FNV-1a of `text` and of its reverse-salted twin, for ids that
    /// must not collide across months of notifications.
    public static func key128(_ text: String) -> String {
        hex(fnv1a(text)) + hex(fnv1a("\u{1E}" + text))
    }

    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
