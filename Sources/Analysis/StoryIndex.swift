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
        /// For a lede's entry: the `TitleSignature` of the same item, to verify a match.
        var title: UInt64?
        /// The item's `StoryFingerprints.numbers`; nil when unknown (restored from a snapshot).
        var numbers: UInt32?
    }

    private var entries: [Entry] = []
    /// Whole-text entries by each 16-bit block of their fingerprint.
    private var tables: [[UInt16: [Int]]] = Array(repeating: [:], count: 4)
    /// Lede entries by each block together with their numbers (`ledeKey`): a lede matches
    /// only an item with the same numbers, and templated notices share a lede, so keying
    /// by the block alone would make every lookup walk all of them.
    private var ledeTables: [[UInt64: [Int]]] = Array(repeating: [:], count: 4)
    /// Entries older than this are dropped when the index is compacted.
    public let horizon: TimeInterval

    public init(horizon: TimeInterval = 7 * 86400) {
        self.horizon = horizon
    }

    public var count: Int { entries.count }

    /// One entry as a snapshot saves it.
    public struct SavedEntry: Sendable, Equatable {
        public var fingerprint: UInt64
        public var story: String
        public var time: Date
        /// A lede's title signature (see `StoryFingerprints`).
        public var title: UInt64?
        public var numbers: UInt32?

        public init(fingerprint: UInt64, story: String, time: Date, title: UInt64? = nil, numbers: UInt32? = nil) {
            self.fingerprint = fingerprint
            self.story = story
            self.time = time
            self.title = title
            self.numbers = numbers
        }
    }

    /// Every entry, oldest first (for snapshots).
    public var allEntries: [SavedEntry] {
        entries.map { SavedEntry(fingerprint: $0.fingerprint, story: $0.story, time: $0.time, title: $0.title, numbers: $0.numbers) }
    }

    /// Restores a saved entry.
    public mutating func insert(_ saved: SavedEntry) {
        insert(Entry(fingerprint: saved.fingerprint, story: saved.story, time: saved.time, title: saved.title, numbers: saved.numbers))
    }

    /// The story of the nearest known fingerprint within `maxDistance`, if any.
    public func story(near fingerprint: UInt64) -> String? {
        var best: (distance: Int, story: String)?
        for table in 0..<4 {
            // Only whole texts: a lede stands for a summary and matches only with its title.
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
        insert(Entry(fingerprint: fingerprint, story: story, time: time))
    }

    private mutating func insert(_ entry: Entry) {
        entries.append(entry)
        for table in 0..<4 {
            let block = Self.block(entry.fingerprint, table)
            if entry.title == nil {
                tables[table][block, default: []].append(entries.count - 1)
            } else {
                ledeTables[table][Self.ledeKey(block, entry.numbers), default: []].append(entries.count - 1)
            }
        }
    }

    /// A lede table's key: the block and the numbers (nil — unknown — apart from every hash).
    static func ledeKey(_ block: UInt16, _ numbers: UInt32?) -> UInt64 {
        (numbers.map(UInt64.init) ?? 1 << 32) << 16 | UInt64(block)
    }

    /// Records every fingerprint of an item under `story`.
    public mutating func insert(_ fingerprints: StoryFingerprints, story: String, time: Date) {
        insert(Entry(fingerprint: fingerprints.combined, story: story, time: time, numbers: fingerprints.numbers))
        if let lede = fingerprints.lede, let title = fingerprints.title {
            insert(Entry(fingerprint: lede, story: story, time: time, title: title, numbers: fingerprints.numbers))
        }
    }

    /// The story of an item: the nearest by its whole text, else the item with the nearest
    /// lede whose title is alike (`TitleSignature.alike`); either way only an item
    /// with the same numbers.
    public func story(near fingerprints: StoryFingerprints) -> String? {
        // Near fingerprints whose numbers differ are other events (第3号 vs 第4号 通报).
        func sameNumbers(_ entry: Entry) -> Bool { entry.numbers.map { $0 == fingerprints.numbers } ?? true }
        var best: (distance: Int, story: String)?
        for table in 0..<4 {
            for index in tables[table][Self.block(fingerprints.combined, table)] ?? [] where sameNumbers(entries[index]) {
                let distance = SimHash.distance(entries[index].fingerprint, fingerprints.combined)
                if distance <= Self.maxDistance, distance < (best?.distance ?? .max) { best = (distance, entries[index].story) }
            }
        }
        if let best { return best.story }
        guard let lede = fingerprints.lede, let title = fingerprints.title else { return nil }
        for table in 0..<4 {
            let block = Self.block(lede, table)
            for numbers in [fingerprints.numbers, nil] {
                for index in ledeTables[table][Self.ledeKey(block, numbers)] ?? [] {
                    let entry = entries[index]
                    guard let entryTitle = entry.title, TitleSignature.alike(entryTitle, title) else { continue }
                    let distance = SimHash.distance(entry.fingerprint, lede)
                    if distance <= Self.maxDistance, distance < (best?.distance ?? .max) { best = (distance, entry.story) }
                }
            }
        }
        return best?.story
    }

    /// The story for a new item: a near one's, or `newStory` (recorded) when there is none.
    public mutating func assign(_ fingerprint: UInt64, newStory: String, time: Date) -> String {
        let story = story(near: fingerprint) ?? newStory
        insert(fingerprint, story: story, time: time)
        return story
    }

    /// The story for a new item by all its fingerprints, recorded under it.
    public mutating func assign(_ fingerprints: StoryFingerprints, newStory: String, time: Date) -> String {
        let story = story(near: fingerprints) ?? newStory
        insert(fingerprints, story: story, time: time)
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
        ledeTables = Array(repeating: [:], count: 4)
        for entry in kept { insert(entry) }
    }

    static func block(_ fingerprint: UInt64, _ table: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: fingerprint >> UInt64(table * 16))
    }
}
