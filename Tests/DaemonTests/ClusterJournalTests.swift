import Alerting
import Cluster
import Foundation
import Logging
import Testing
import YuqingTesting

@testable import Daemon

/// The cluster journal keeps what waits for PostgreSQL across restarts, skips what was
/// written, and survives a line cut short by a crash.
struct ClusterJournalTests {
    let logger = Logger(label: "test")

    func batch(_ n: Int) -> ClusterBatch {
        let notification = Alerting.Notification(
            id: "k\(n)", rule: "源失效", channel: "hook", created: Date(timeIntervalSince1970: 1_800_000_000), title: "t\(n)", text: "", fields: [:])
        return ClusterBatch(items: [], decisions: [ClusterDecision(notification: notification, outcome: .send, notBefore: notification.created)], leases: [:])
    }

    func ids(_ journal: ClusterJournal) async -> [String] {
        guard let head = await journal.head(maxItems: 1000) else { return [] }
        return head.batch.decisions.map(\.notification.id)
    }

    @Test func whatWasWrittenIsSkippedAfterARestart() async throws {
        let directory = try TemporaryDirectory("journal")
        let journal = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        for n in 0..<2 { await journal.append(batch(n)) }
        let first = try #require(await journal.head())
        for n in 2..<5 { await journal.append(batch(n)) }
        await journal.drop(first)
        await journal.drop(first)  // a second writer of the same head drops nothing more
        #expect(await ids(journal) == ["k2", "k3", "k4"])
        let reopened = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        #expect(await ids(reopened) == ["k2", "k3", "k4"], "the two written are not written again")
        await reopened.drop(try #require(await reopened.head()))
        #expect(await reopened.backlog.batches == 0)
        let empty = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        #expect(await empty.backlog.batches == 0)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: directory.path + "/cluster/pending.jsonl")))?.isEmpty == true, "compacted when empty")
    }

    @Test func aLineCutShortByACrashLosesOnlyItself() async throws {
        let directory = try TemporaryDirectory("journal-cut")
        let journal = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        for n in 0..<2 { await journal.append(batch(n)) }
        // A crash in the middle of the third append.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.path + "/cluster/pending.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"items\":[],\"deci".utf8))
        try handle.close()
        let reopened = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        await reopened.append(batch(3))
        let again = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        #expect(await ids(again) == ["k0", "k1", "k3"], "the batch appended after the cut line is whole")
    }
}

extension ClusterJournalTests {
    /// The journal keeps where its batches are, not the batches: what a head reads back is
    /// what was appended, across compactions, with items counted for the backlog.
    @Test func batchesAreReadBackFromTheFileInOrder() async throws {
        let directory = try TemporaryDirectory("journal-read")
        let journal = try ClusterJournal(dataDirectory: directory.path, logger: logger)
        for n in 0..<30 { await journal.append(batch(n)) }
        var seen: [String] = []
        var appended = false
        while let head = await journal.head(maxItems: 0) {
            seen += head.batch.decisions.map(\.notification.id)
            await journal.drop(head)
            if !appended {
                for n in 30..<35 { await journal.append(batch(n)) }
                appended = true
            }
        }
        #expect(seen == (0..<35).map { "k\($0)" })
        #expect(await journal.backlog.batches == 0)
    }

    /// A full disk loses nothing: the batch it refuses and those after it wait in memory, in
    /// order, and go back to the file at a compaction once the disk has room.
    @Test func aFullDiskHoldsBatchesInMemoryInOrder() async throws {
        let directory = try TemporaryDirectory("journal-full")
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        guard let disk = SmallDisk.mount(size: "16k", at: data) else {
            print("skipped: cannot mount a size-limited tmpfs here (needs root or CAP_SYS_ADMIN)")
            return
        }
        defer { disk.unmount() }
        let journal = try ClusterJournal(dataDirectory: data, logger: logger)
        // Each batch is a line of about 200 bytes: the disk is full after some eighty.
        for n in 0..<300 { await journal.append(batch(n)) }
        let file = (try? FileManager.default.attributesOfItem(atPath: data + "/cluster/pending.jsonl")[.size] as? Int) ?? 0
        #expect(file < 16 * 1024, "the disk filled up: \(file) bytes")
        #expect(await journal.backlog.batches == 300)
        #expect(disk.resize(to: "1m"))
        var seen: [String] = []
        while let head = await journal.head(maxItems: 0) {
            seen += head.batch.decisions.map(\.notification.id)
            await journal.drop(head)
        }
        #expect(seen == (0..<300).map { "k\($0)" })
        let reopened = try ClusterJournal(dataDirectory: data, logger: logger)
        #expect(await reopened.backlog.batches == 0)
    }
}
