import Analysis
import Foundation
import Logging
import PostgresNIO
import Storage

/// Story assignment that holds across nodes. Each node clusters its items in its own story
/// index; an item whose story the cluster does not know yet is arbitrated here, inside the
/// writing transaction: under advisory locks on every 16-bit block of its fingerprints
/// (two fingerprints within the index's distance share a block, so two nodes that see
/// reposts of one story at the same moment take a common lock and are serialised), the
/// cluster's prints sharing a block are loaded into a `StoryIndex` — the same matching as
/// one node's — and the item joins the story found, or opens its own.
struct StoryArbiter {
    /// Namespace of the advisory locks (the first of the two-key form).
    static let lockSpace: Int32 = 7_271_002
    let logger: Logger

    /// A fingerprint's blocks as lock keys: block index × 65,536 + value.
    static func lockKeys(_ fingerprint: UInt64) -> [Int32] {
        (0..<4).map { Int32($0 << 16) | Int32(UInt16(truncatingIfNeeded: fingerprint >> UInt64($0 * 16))) }
    }

    static func blocks(_ fingerprint: UInt64) -> [Int32] {
        (0..<4).map { Int32(UInt16(truncatingIfNeeded: fingerprint >> UInt64($0 * 16))) }
    }

    /// The prints of an item: its whole text, and its lede with the title to verify it.
    static func prints(_ fingerprints: StoryFingerprints) -> [(fingerprint: UInt64, title: UInt64?)] {
        var prints: [(UInt64, UInt64?)] = [(fingerprints.combined, nil)]
        if let lede = fingerprints.lede, let title = fingerprints.title { prints.append((lede, title)) }
        return prints
    }

    /// Locks the blocks of `candidates`' prints (in one global order, so two writers never
    /// wait on each other in a cycle) and returns the cluster's story index around them.
    func lockAndLoad(_ candidates: [StoryFingerprints], since: Date, on connection: PostgresConnection) async throws -> StoryIndex {
        var keys = Set<Int32>()
        var blocks: [Set<Int32>] = Array(repeating: [], count: 4)
        for fingerprints in candidates {
            for print in Self.prints(fingerprints) {
                keys.formUnion(Self.lockKeys(print.fingerprint))
                for (table, block) in Self.blocks(print.fingerprint).enumerated() { blocks[table].insert(block) }
            }
        }
        let sorted = keys.sorted()
        // unnest keeps the array's order, so the locks are taken in ascending order.
        try await connection.query(
            "SELECT count(pg_advisory_xact_lock(\(Self.lockSpace), k)) FROM unnest(\(sorted)::int4[]) AS k", logger: logger)
        let (b0, b1, b2, b3) = (Array(blocks[0]), Array(blocks[1]), Array(blocks[2]), Array(blocks[3]))
        let rows = try await connection.query(
            """
            SELECT fingerprint, title, numbers, story, time FROM yuqing_story_prints
            WHERE (b0 = ANY(\(b0)::int4[]) OR b1 = ANY(\(b1)::int4[]) OR b2 = ANY(\(b2)::int4[]) OR b3 = ANY(\(b3)::int4[]))
              AND time > \(since)
            """, logger: logger)
        var index = StoryIndex()
        for try await (fingerprint, title, numbers, story, time) in rows.decode((Int64, Int64?, Int64, String, Date).self) {
            index.insert(StoryIndex.SavedEntry(
                fingerprint: UInt64(bitPattern: fingerprint), story: story, time: time, title: title.map { UInt64(bitPattern: $0) },
                numbers: UInt32(truncatingIfNeeded: numbers)))
        }
        return index
    }

    /// Records the prints of items just inserted, each under its cluster story.
    func insertPrints(_ entries: [(fingerprints: StoryFingerprints, story: String, time: Date)], on connection: PostgresConnection) async throws {
        var fingerprint: [Int64] = [], title: [Int64] = [], numbers: [Int64] = [], story: [String] = [], time: [Date] = []
        var blocks: [[Int32]] = Array(repeating: [], count: 4)
        for entry in entries {
            for print in Self.prints(entry.fingerprints) {
                fingerprint.append(Int64(bitPattern: print.fingerprint))
                // -1 stands for "no title" (arrays of optionals cannot be bound; a real title
                // fingerprint of all ones, one chance in 2⁶⁴, would read as none).
                title.append(print.title.map { Int64(bitPattern: $0) } ?? -1)
                numbers.append(Int64(entry.fingerprints.numbers))
                story.append(entry.story)
                time.append(entry.time)
                for (table, block) in Self.blocks(print.fingerprint).enumerated() { blocks[table].append(block) }
            }
        }
        guard !fingerprint.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO yuqing_story_prints (fingerprint, title, numbers, story, time, b0, b1, b2, b3)
            SELECT f, NULLIF(t, -1), n, s, tm, x0, x1, x2, x3
            FROM unnest(\(fingerprint)::int8[], \(title)::int8[], \(numbers)::int8[], \(story)::text[], \(time)::timestamptz[],
                        \(blocks[0])::int4[], \(blocks[1])::int4[], \(blocks[2])::int4[], \(blocks[3])::int4[])
                 AS u(f, t, n, s, tm, x0, x1, x2, x3)
            """, logger: logger)
    }
}
