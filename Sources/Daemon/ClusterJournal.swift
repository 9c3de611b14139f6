import Cluster
import Engine
import Foundation
import Logging
import Storage

/// What this node has stored but not yet written to the cluster, kept on disk
/// (`<data>/cluster/pending.jsonl`, one `ClusterBatch` per line, fsynced on append) so
/// that an outage of PostgreSQL, or of the node, loses nothing: the membership writes the
/// batches in order when the database answers, and drops them once committed. A batch
/// written twice (a crash after the commit) changes nothing in the database.
public actor ClusterJournal {
    let path: String
    let logger: Logger
    private var pending: [ClusterBatch] = []
    private var handle: FileHandle?

    public init(dataDirectory: String, logger: Logger) throws {
        let directory = dataDirectory + "/cluster"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/pending.jsonl"
        self.logger = logger
        if let data = FileManager.default.contents(atPath: path) {
            let decoder = RecordCoding.decoder()
            for (number, line) in data.split(separator: 0x0A).enumerated() {
                do {
                    pending.append(try decoder.decode(ClusterBatch.self, from: line))
                } catch {
                    // A line cut short by a crash mid-append: everything before it is whole.
                    logger.error("cluster journal: unreadable line skipped", metadata: ["line": "\(number + 1)", "error": "\(error)"])
                }
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

    /// The oldest batches, merged into one of at most about `maxItems` items.
    public func head(maxItems: Int = 200) -> (batch: ClusterBatch, count: Int)? {
        guard !pending.isEmpty else { return nil }
        var count = 0, items = 0
        while count < pending.count, count == 0 || items + pending[count].items.count <= maxItems {
            items += pending[count].items.count
            count += 1
        }
        return (ClusterBatch(merging: Array(pending.prefix(count))), count)
    }

    /// Drops the `count` oldest batches (committed to the database).
    public func drop(_ count: Int) {
        pending.removeFirst(min(count, pending.count))
        do {
            try handle?.close()
            handle = nil
            let encoder = RecordCoding.encoder()
            var bytes: [UInt8] = []
            for batch in pending {
                bytes += try encoder.encode(batch)
                bytes.append(0x0A)
            }
            try AtomicFile.replace(path, with: bytes)
        } catch {
            logger.error("cluster journal: cannot rewrite; written batches may be written again (harmless)", metadata: ["error": "\(error)"])
        }
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
