import Analysis
import Foundation
import Logging
import PostgresNIO
import Storage

/// Story assignment that holds across nodes. Each node clusters its items in its own story
/// index; items whose local story the cluster does not know yet are arbitrated here, under
/// one advisory lock that every node takes for this step: the cluster's prints sharing a
/// 16-bit block with the items' fingerprints are loaded into a `StoryIndex` — the same
/// matching as one node's — and each item joins the story found or opens its own. Two nodes
/// that see reposts of one story at the same moment are thus serialised, and the second
/// finds the first's story.
///
/// One lock rather than one per block: a batch's items touch hundreds of the 262,144
/// blocks, so two batches almost always shared a block and waited anyway, and hundreds of
/// advisory locks per transaction fill PostgreSQL's shared lock table. The step is short
/// (the items themselves are written afterwards, without the lock).
struct StoryArbiter {
    /// The advisory lock's key (two-key form).
    static let lockKey: (Int32, Int32) = (7_271_002, 1)
    let logger: Logger

    static func blocks(_ fingerprint: UInt64) -> [Int32] {
        (0..<4).map { Int32(UInt16(truncatingIfNeeded: fingerprint >> UInt64($0 * 16))) }
    }

    /// The prints of an item: its whole text, and its lede with the title to verify it.
    static func prints(_ fingerprints: StoryFingerprints) -> [(fingerprint: UInt64, title: UInt64?)] {
        var prints: [(UInt64, UInt64?)] = [(fingerprints.combined, nil)]
        if let lede = fingerprints.lede, let title = fingerprints.title { prints.append((lede, title)) }
        return prints
    }

    /// Takes the arbitration lock until the transaction ends.
    func lock(on connection: PostgresConnection) async throws {
        try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(Self.lockKey.0), \(Self.lockKey.1))", logger: logger)
    }

    /// The cluster's story index around `candidates`: every print since `since` sharing a
    /// block with one of theirs.
    func load(around candidates: [StoryFingerprints], since: Date, on connection: PostgresConnection) async throws -> StoryIndex {
        var blocks: [Set<Int32>] = Array(repeating: [], count: 4)
        for fingerprints in candidates {
            for print in Self.prints(fingerprints) {
                for (table, block) in Self.blocks(print.fingerprint).enumerated() { blocks[table].insert(block) }
            }
        }
        let (b0, b1, b2, b3) = (Array(blocks[0]), Array(blocks[1]), Array(blocks[2]), Array(blocks[3]))
        let rows = try await connection.checkedQuery(
            """
            SELECT fingerprint, title, numbers, story, time FROM yuqing_story_prints
            WHERE (b0 = ANY(\(b0)::int4[]) OR b1 = ANY(\(b1)::int4[]) OR b2 = ANY(\(b2)::int4[]) OR b3 = ANY(\(b3)::int4[]))
              AND time > \(since)
            """, logger: logger)
        var index = StoryIndex()
        for (fingerprint, title, numbers, story, time) in try rows.decode((Int64, Int64, Int64, String, Date).self) {
            index.insert(StoryIndex.SavedEntry(
                fingerprint: UInt64(bitPattern: fingerprint), story: story, time: time, title: title == -1 ? nil : UInt64(bitPattern: title),
                numbers: UInt32(truncatingIfNeeded: numbers)))
        }
        return index
    }

    /// Records the prints of items, each under its cluster story (once: a batch written
    /// again adds none).
    func insertPrints(_ entries: [(fingerprints: StoryFingerprints, story: String, time: Date)], on connection: PostgresConnection) async throws {
        var fingerprint: [Int64] = [], title: [Int64] = [], numbers: [Int64] = [], story: [String] = [], time: [Date] = []
        var blocks: [[Int32]] = Array(repeating: [], count: 4)
        for entry in entries {
            for print in Self.prints(entry.fingerprints) {
                fingerprint.append(Int64(bitPattern: print.fingerprint))
                // -1 stands for "no title" (a real title fingerprint of all ones, one chance
                // in 2⁶⁴, would read as none).
                title.append(print.title.map { Int64(bitPattern: $0) } ?? -1)
                numbers.append(Int64(entry.fingerprints.numbers))
                story.append(entry.story)
                time.append(entry.time)
                for (table, block) in Self.blocks(print.fingerprint).enumerated() { blocks[table].append(block) }
            }
        }
        guard !fingerprint.isEmpty else { return }
        try await connection.checkedQuery(
            """
            INSERT INTO yuqing_story_prints (fingerprint, title, numbers, story, time, b0, b1, b2, b3)
            SELECT * FROM unnest(\(fingerprint)::int8[], \(title)::int8[], \(numbers)::int8[], \(story)::text[], \(time)::timestamptz[],
                                 \(blocks[0])::int4[], \(blocks[1])::int4[], \(blocks[2])::int4[], \(blocks[3])::int4[])
            ON CONFLICT (story, fingerprint, title) DO NOTHING
            """, logger: logger)
    }
}
