import Analysis
import Foundation

/// Sentiments set by hand (`yuqing label ITEM negative`), kept in `<data>/labels.json`
/// beside the segments instead of editing them. Readers apply the overlay to the records
/// it names (queries, reports), and the labelled items are evaluation data for the
/// lexicon (`yuqing label --list`).
public struct LabelOverlay: Sendable, Codable, Equatable {
    public struct Label: Sendable, Codable, Equatable {
        public var sentiment: Sentiment
        public var labelled: Date

        public init(sentiment: Sentiment, labelled: Date) {
            self.sentiment = sentiment
            self.labelled = labelled
        }
    }

    /// Labels by item id.
    public var items: [String: Label] = [:]

    public init(items: [String: Label] = [:]) {
        self.items = items
    }

    public static func path(dataDirectory: String) -> String { dataDirectory + "/labels.json" }

    /// The labels of a data directory (none when the file does not exist or is unreadable).
    public static func load(dataDirectory: String) -> LabelOverlay {
        (try? StateFile<LabelOverlay>(path: path(dataDirectory: dataDirectory)).load()) ?? LabelOverlay()
    }

    /// The labels of the data directory a segment file lies in (`<data>/items/<segment>`).
    static func load(forSegment segment: String) -> LabelOverlay? {
        let data = ((segment as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let overlay = load(dataDirectory: data)
        return overlay.items.isEmpty ? nil : overlay
    }

    /// Writes the labels atomically.
    public func save(dataDirectory: String) throws {
        try StateFile<LabelOverlay>(path: Self.path(dataDirectory: dataDirectory)).save(self)
    }

    /// `item` with its hand-set sentiment, when it has one.
    public func apply(to item: StoredItem) -> StoredItem {
        guard let label = items[item.id] else { return item }
        var item = item
        item.sentiment = label.sentiment
        item.labelled = true
        return item
    }
}
