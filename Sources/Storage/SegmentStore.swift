import Analysis
import Foundation

/// The single-node `ItemStore`: rotating JSON Lines segments under `<data>/items`, their
/// index sidecars, and the story snapshot under `<data>/state`. Appends are serialised by
/// one lock; upkeep takes another, so compressing a closed 64 MiB segment never holds up
/// an append to the open one.
public final class SegmentStore: ItemStore, @unchecked Sendable {
    public let dataDirectory: String
    private let compress: Bool
    private let writer: SegmentWriter
    private let appendLock = NSLock()
    private let upkeepLock = NSLock()

    /// Opens the stream where it ends; `durable: false` skips fsync (scratch directories).
    public init(dataDirectory: String, maxSegmentBytes: Int = 64 << 20, compress: Bool = true, durable: Bool = true) throws {
        self.dataDirectory = dataDirectory
        self.compress = compress
        writer = try SegmentWriter(dataDirectory: dataDirectory, maxSegmentBytes: maxSegmentBytes, durable: durable)
    }

    public func append(_ items: [StoredItem], at time: Date) throws {
        guard !items.isEmpty else { return }
        appendLock.lock()
        defer { appendLock.unlock() }
        try writer.append(items, at: time)
    }

    public var position: SegmentPosition? {
        appendLock.lock()
        defer { appendLock.unlock() }
        return writer.position
    }

    /// True once after a segment was closed by day or size: time for `upkeep`.
    public func takeClosed() -> Bool {
        appendLock.lock()
        defer { appendLock.unlock() }
        return writer.takeClosed()
    }

    public func forEach(after position: SegmentPosition?, since: Date, _ body: (StoredItem) throws -> Void) throws {
        try SegmentReader(dataDirectory: dataDirectory).forEach(after: position, since: since, body)
    }

    public func topicSeries(from: Date, to: Date) throws -> TopicSeries {
        try TopicSeries.load(dataDirectory: dataDirectory, from: from, to: to)
    }

    public func loadStories(horizon: TimeInterval, now: Date) -> (StoryIndex, SegmentPosition)? {
        StorySnapshot.load(dataDirectory: dataDirectory, horizon: horizon, now: now)
    }

    public func saveStories(_ index: StoryIndex, position: SegmentPosition) throws {
        try StorySnapshot.save(index, position: position, dataDirectory: dataDirectory)
    }

    public func upkeep(limits: SegmentRetention.Limits?, now: Date) throws -> StoreUpkeep {
        upkeepLock.lock()
        defer { upkeepLock.unlock() }
        var report = StoreUpkeep()
        report.maintenance = try SegmentMaintenance.run(dataDirectory: dataDirectory, compress: compress)
        if let limits { report.deleted = try SegmentRetention.apply(dataDirectory: dataDirectory, limits: limits, now: now) }
        return report
    }

    public func footprint() -> (bytes: Int, parts: Int) {
        let segments = SegmentReader(dataDirectory: dataDirectory).segments()
        var bytes = 0
        for path in segments {
            var info = stat()
            if stat(path, &info) == 0 { bytes += Int(info.st_size) }
        }
        return (bytes, segments.count)
    }
}
