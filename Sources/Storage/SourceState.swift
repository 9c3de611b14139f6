import Foundation

/// What yuqing remembers about one source between fetches and restarts.
public struct SourceState: Sendable, Codable, Equatable {
    /// Validators exactly as the server sent them, for the next conditional GET.
    public var etag: String?
    public var lastModified: String?
    /// Ids of items already stored, oldest first, at most `SourceState.seenCapacity`.
    public var seen: [String]
    public var lastSuccess: Date?
    public var lastError: String?
    public var consecutiveFailures: Int
    /// Health of the last attempt, for `yuqing sources`.
    public var lastAttempt: Date?
    public var lastStatus: Int?
    public var lastBytes: Int?
    public var lastDuration: Double?
    public var lastItems: Int?
    /// Since when the source has been failing without a success in between.
    public var failingSince: Date?
    public var nextPoll: Date?
    /// Conditional requests since the last one sent without validators.
    public var conditionalStreak: Int?
    /// Byte sequences invalid in the source's charset, replaced with U+FFFD, all fetches added up.
    public var invalidSequences: Int?
    /// Dates in the future or before 1990 taken as the fetch time, all fetches added up.
    public var futureDates: Int?
    /// A `source` alert rule has announced the current failure (so recovery is announced).
    public var failureAlerted: Bool?

    /// More than any feed shows at once, so a reordered feed cannot bring an old item back.
    public static let seenCapacity = 5000

    public init() {
        seen = []
        consecutiveFailures = 0
    }

    /// Records ids as seen, dropping the oldest beyond capacity.
    public mutating func remember(_ ids: [String]) {
        seen += ids
        if seen.count > Self.seenCapacity { seen.removeFirst(seen.count - Self.seenCapacity) }
    }
}

/// `<data>/state/sources.json`: the state of every source, written atomically.
public final class SourceStateStore {
    private let file: StateFile<[String: SourceState]>
    public private(set) var states: [String: SourceState]
    private var seenSets: [String: Set<String>] = [:]
    /// Items found in recent segments that this file did not record as seen: stored just
    /// before a crash. Their alerts may not have reached the outbox.
    public private(set) var recovered: [StoredItem] = []
    private let checkpoint: StateFile<SegmentPosition>

    /// Loads the state file; ids found in recent segments are added to the seen sets, so
    /// that items stored just before a crash (after their segment fsync but before this
    /// file was replaced) are not stored again.
    /// With a checkpoint (written after this file by `save(position:)`), only records after
    /// it are read; without one, the last two days.
    public init(dataDirectory: String, recentSegments: SegmentReader? = nil, now: Date) throws {
        file = StateFile(path: dataDirectory + "/state/sources.json")
        checkpoint = SegmentPosition.file(dataDirectory: dataDirectory, name: "sources")
        states = try file.load() ?? [:]
        for (id, state) in states { seenSets[id] = Set(state.seen) }
        let position = states.isEmpty ? nil : try? checkpoint.load()
        try recentSegments?.forEach(after: position, since: now.addingTimeInterval(-2 * 86400)) { item in
            if seenSets[item.source, default: []].insert(item.id).inserted {
                states[item.source, default: SourceState()].remember([item.id])
                recovered.append(item)
            }
        }
    }

    public func state(of source: String) -> SourceState {
        states[source] ?? SourceState()
    }

    public func hasSeen(_ id: String, source: String) -> Bool {
        seenSets[source]?.contains(id) ?? false
    }

    public func update(_ source: String, _ change: (inout SourceState) -> Void) {
        var state = states[source] ?? SourceState()
        change(&state)
        states[source] = state
        seenSets[source] = Set(state.seen)
    }

    /// Saves the state, then (when given) the position in the item stream it covers — in that
    /// order, so a crash between the two leaves an older checkpoint, never a newer one.
    public func save(position: SegmentPosition? = nil) throws {
        try file.save(states)
        if let position { try checkpoint.save(position) }
    }
}
