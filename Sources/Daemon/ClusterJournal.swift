import Cluster
import Engine
import Foundation
import Logging
import Storage

/// What this node has stored but not yet written to the cluster, kept on disk
/// (`<data>/cluster/pending.jsonl`, one `ClusterBatch` per line, fsynced on append) so
/// that an outage of PostgreSQL, or of the node, loses nothing: the membership writes the
/// batches in order when the database takes them. How many leading lines are written is
/// kept apart (`pending.done`), and the file is compacted only when it empties or is mostly
/// written, so catching up after a long outage costs time in proportion to the backlog. A
/// batch written twice (a crash after the commit) changes nothing in the database.
public actor ClusterJournal {
    let path: String
    let logger: Logger
    private var pending: [ClusterBatch] = []
    private var handle: FileHandle?
    /// Lines at the head of the file already written to the database.
    private var written = 0
    /// Batches dropped since the journal was opened.
    private var dropped = 0
    private let done: StateFile<Int>

    public init(dataDirectory: String, logger: Logger) throws {
        let directory = dataDirectory + "/cluster"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/pending.jsonl"
        done = StateFile(path: directory + "/pending.done")
        self.logger = logger
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return }
        let skip = (try? done.load()) ?? 0
        var whole = true
        let decoder = RecordCoding.decoder()
        for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where number >= skip && !line.isEmpty {
            do {
                pending.append(try decoder.decode(ClusterBatch.self, from: line))
            } catch {
                // A line cut short by a crash mid-append: everything before it is whole.
                whole = false
                logger.error("cluster journal: unreadable line skipped", metadata: ["line": "\(number + 1)", "error": "\(error)"])
            }
        }
        written = skip
        // Rewrite a journal with a cut line (the next append would run on from it) or with
        // written lines at its head.
        if !whole || data.last != 0x0A || skip > 0 {
            do {
                try Self.rewrite(pending, path: path, done: done)
                written = 0
            } catch {
                logger.error("cluster journal: cannot rewrite; written batches may be written again (harmless)", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Batches waiting, and the items in them.
    public var backlog: (batches: Int, items: Int) { (pending.count, pending.reduce(0) { $0 + $1.items.count }) }

    /// Adds `batch` durably (kept in memory too, so a full disk loses nothing while the
    /// process lives).
    public func append(_ batch: ClusterBatch) {
        guard !batch.isEmpty else { return }
        pending.append(batch)
        do {
            var line = try RecordCoding.encoder().encode(batch)
            line.append(0x0A)
            let handle = try openHandle()
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            logger.error("cluster journal: cannot write; the batch is held in memory", metadata: ["error": "\(error)"])
        }
    }

    /// The oldest batches, merged into one of at most about `maxItems` items, with the
    /// position to hand back to `drop` once they are written.
    public func head(maxItems: Int = 200) -> Head? {
        guard !pending.isEmpty else { return nil }
        var count = 0, items = 0
        while count < pending.count, count == 0 || items + pending[count].items.count <= maxItems {
            items += pending[count].items.count
            count += 1
        }
        return Head(batch: ClusterBatch(merging: Array(pending.prefix(count))), count: count, position: dropped)
    }

    /// Batches taken from the front of the journal together.
    public struct Head: Sendable {
        public var batch: ClusterBatch
        public var count: Int
        /// How many batches had been dropped when this head was taken.
        var position: Int
    }

    /// Drops `head`'s batches (committed to the database) — unless another writer dropped
    /// them already, so two writers of the same head never drop batches neither wrote.
    public func drop(_ head: Head) {
        guard head.position == dropped else { return }
        let count = min(head.count, pending.count)
        pending.removeFirst(count)
        dropped += count
        written += count
        if pending.isEmpty || written > pending.count {
            compact()
            return
        }
        do {
            try done.save(written)
        } catch {
            logger.error("cluster journal: cannot record progress; written batches may be written again (harmless)", metadata: ["error": "\(error)"])
        }
    }

    /// Rewrites the file with only the batches still waiting. The progress is reset first:
    /// a crash in between leaves the old file read from its start, which writes some
    /// batches twice (harmless) rather than skipping any.
    private func compact() {
        do {
            try handle?.close()
            handle = nil
            try Self.rewrite(pending, path: path, done: done)
            written = 0
        } catch {
            logger.error("cluster journal: cannot rewrite; written batches may be written again (harmless)", metadata: ["error": "\(error)"])
        }
    }

    private static func rewrite(_ pending: [ClusterBatch], path: String, done: StateFile<Int>) throws {
        try done.save(0)
        let encoder = RecordCoding.encoder()
        var bytes: [UInt8] = []
        for batch in pending {
            bytes += try encoder.encode(batch)
            bytes.append(0x0A)
        }
        try AtomicFile.replace(path, with: bytes)
    }

    private func openHandle() throws -> FileHandle {
        if let handle { return handle }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let opened = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle = opened
        return opened
    }
}

extension ClusterDecision {
    /// The engine's decision as the cluster records it.
    init(_ decision: Decision) {
        switch decision.verdict {
        case .send(let notBefore, _):
            self.init(notification: decision.notification, outcome: .send, notBefore: notBefore)
        case .folded(let into):
            self.init(notification: decision.notification, outcome: .folded, notBefore: decision.time, mark: "inhibited:trend:" + into)
        case .silenced(let silence):
            self.init(notification: decision.notification, outcome: .silenced, notBefore: decision.time, mark: silence)
        }
    }
}
