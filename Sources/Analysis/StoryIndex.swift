import Foundation

/// Finds the story (near-duplicate cluster) of a fingerprint without a linear scan: the 64
/// bits are cut into four 16-bit blocks and each block keys a table (Manku, Jain and Das
/// Sarma, WWW 2007). Two fingerprints at Hamming distance ≤ 3 agree exactly on at least one
/// block, so only the items sharing a block are compared.
public struct StoryIndex: Sendable {
    public static let maxDistance = 3

    private struct Entry: Sendable {
        var fingerprint: UInt64
        var story: String
        var time: Date
    }

    private var entries: [Entry] = []
    private var tables: [[UInt16: [Int]]] = Array(repeating: [:], count: 4)
    /// Entries older than this are dropped when the index is compacted.
    public let horizon: TimeInterval

    public init(horizon: TimeInterval = 7 * 86400) {
        self.horizon = horizon
    }

    public var count: Int { entries.count }

    /// Every entry, oldest first (for snapshots).
    public var allEntries: [(fingerprint: UInt64, story: String, time: Date)] {
        entries.map { ($0.fingerprint, $0.story, $0.time) }
    }

    /// The story of the nearest known fingerprint within `maxDistance`, if any.
    public func story(near fingerprint: UInt64) -> String? {
        var best: (distance: Int, story: String)?
        for table in 0..<4 {
            for index in tables[table][Self.block(fingerprint, table)] ?? [] {
                let distance = SimHash.distance(entries[index].fingerprint, fingerprint)
                if distance <= Self.maxDistance, distance < (best?.distance ?? .max) {
                    best = (distance, entries[index].story)
                }
            }
        }
        return best?.story
    }

    /// Records `fingerprint` under `story`.
    public mutating func insert(_ fingerprint: UInt64, story: String, time: Date) {
        entries.append(Entry(fingerprint: fingerprint, story: story, time: time))
        for table in 0..<4 { tables[table][Self.block(fingerprint, table), default: []].append(entries.count - 1) }
    }

    /// The story for a new item: a near one's, or `newStory` (recorded) when there is none.
    public mutating func assign(_ fingerprint: UInt64, newStory: String, time: Date) -> String {
        let story = story(near: fingerprint) ?? newStory
        insert(fingerprint, story: story, time: time)
        return story
    }

    /// Drops entries older than the horizon (rebuilding the tables), when they are many.
    public mutating func compact(now: Date) {
        let cutoff = now.addingTimeInterval(-horizon)
        let stale = entries.lazy.filter { $0.time < cutoff }.count
        guard stale > 0, stale * 2 >= entries.count else { return }
        let kept = entries.filter { $0.time >= cutoff }
        entries = []
        tables = Array(repeating: [:], count: 4)
        for entry in kept { insert(entry.fingerprint, story: entry.story, time: entry.time) }
    }

    static func block(_ fingerprint: UInt64, _ table: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: fingerprint >> UInt64(table * 16))
    }
}
