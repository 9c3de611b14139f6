import Analysis
import Foundation

/// Where stored items live: an append-only stream with a durable checkpoint, read back at
/// start-up to rebuild what the engine keeps in memory. The engine decides *what* to store;
/// the daemon and `yuqing replay` write it through this protocol, so a second backend (a
/// database shared by several nodes) plugs in without touching the engine.
///
/// Implementations are safe to call from any thread: the daemon runs appends (with their
/// fsync) and upkeep (compression, indexing, retention) on a thread pool of its own, never
/// on the threads that start polls.
public protocol ItemStore: AnyObject, Sendable {
    /// Appends a batch fetched at `time`; for a durable store the batch is on disk when this
    /// returns.
    func append(_ items: [StoredItem], at time: Date) throws

    /// Just after the last appended record: the checkpoint a consumer saves with its state.
    var position: SegmentPosition? { get }

    /// Every record stored after `position` (all when nil) whose segment may hold records
    /// from `since` on, oldest first.
    func forEach(after position: SegmentPosition?, since: Date, _ body: (StoredItem) throws -> Void) throws

    /// New stories and items per topic per 5-minute bucket between `from` and `to`.
    func topicSeries(from: Date, to: Date) throws -> TopicSeries

    /// The saved story index and the position it covers, dropping entries older than
    /// `horizon` before `now`; nil when there is none.
    func loadStories(horizon: TimeInterval, now: Date) -> (StoryIndex, SegmentPosition)?

    /// Saves the story index as of `position`.
    func saveStories(_ index: StoryIndex, position: SegmentPosition) throws

    /// Housekeeping: closed parts brought into their final form (indexed, compressed) and
    /// data beyond `limits` deleted. Slow: call it off the threads that serve polls.
    func upkeep(limits: SegmentRetention.Limits?, now: Date) throws -> StoreUpkeep

    /// Bytes and files on disk, for the metrics.
    func footprint() -> (bytes: Int, parts: Int)
}

/// What one `ItemStore.upkeep` did.
public struct StoreUpkeep: Sendable, Equatable {
    public var maintenance = SegmentMaintenance.Report()
    /// Parts deleted by retention.
    public var deleted: [String] = []

    public init() {}

    public var isEmpty: Bool { maintenance.isEmpty && deleted.isEmpty }
}
