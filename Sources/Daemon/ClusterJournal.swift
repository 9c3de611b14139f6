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
///
/// Memory holds where each waiting line is, not the batch itself, so an outage of hours
/// at tens of thousands of sources costs disk, not memory. Only a batch the disk refused
/// (full) is held in memory — and every batch after it, so the order stays — until a
/// compaction puts them all in the file again.
public actor ClusterJournal {
    /// One waiting batch: a line of the file, or (the disk refused it) the batch itself.
    private enum Slot {
        case file(offset: UInt64, length: Int, items: Int)
        case memory(ClusterBatch)

        var items: Int {
            switch self {
            case .file(_, _, let items): items
            case .memory(let batch): batch.items.count
            }
        }
    }

    let path: String
    let logger: Logger
    private var pending: [Slot] = []
    private var handle: FileHandle?
    private var reader: FileHandle?
    /// Lines at the head of the file already written to the database.
    private var written = 0
    /// Batches dropped since the journal was opened.
    private var dropped = 0
    private var dropsSinceCompaction = 0
    private let done: StateFile<Int>
    /// Items the fence turned away, until they are in the cluster.
    public let parking: ClusterParking

    public init(dataDirectory: String, logger: Logger) throws {
        let directory = dataDirectory + "/cluster"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/pending.jsonl"
        done = StateFile(path: directory + "/pending.done")
        parking = ClusterParking(dataDirectory: dataDirectory, logger: logger)
        self.logger = logger
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return }
        let skip = (try? done.load()) ?? 0
        var whole = data.last == 0x0A
        let decoder = RecordCoding.decoder()
        var offset = 0
        var kept: [(line: Data, offset: Int, items: Int)] = []
        for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            defer { offset += line.count + 1 }
            guard number >= skip, !line.isEmpty else { continue }
            do {
                let batch = try decoder.decode(ClusterBatch.self, from: line)
                kept.append((Data(line), offset, batch.items.count))
            } catch {
                // A line cut short by a crash mid-append: everything before it is whole.
                whole = false
                logger.error("cluster journal: unreadable line skipped", metadata: ["line": "\(number + 1)", "error": "\(error)"])
            }
        }
        pending = kept.map { .file(offset: UInt64($0.offset), length: $0.line.count, items: $0.items) }
        written = skip
        // Rewrite a journal with a cut line (the next append would run on from it) or with
        // written lines at its head.
        guard !whole || skip > 0 else { return }
        do {
            try done.save(0)
            var bytes: [UInt8] = []
            var slots: [Slot] = []
            for (line, _, items) in kept {
                slots.append(.file(offset: UInt64(bytes.count), length: line.count, items: items))
                bytes += line
                bytes.append(0x0A)
            }
            try AtomicFile.replace(path, with: bytes)
            pending = slots
            written = 0
        } catch {
            logger.error("cluster journal: cannot rewrite; written batches may be written again (harmless)", metadata: ["error": "\(error)"])
        }
    }

    /// Batches waiting, and the items in them.
    public var backlog: (batches: Int, items: Int) { (pending.count, pending.reduce(0) { $0 + $1.items }) }

    /// Adds `batch` durably; when the disk refuses it, in memory (nothing is lost while the
    /// process lives, and the next compaction tries the disk again).
    public func append(_ batch: ClusterBatch) {
        guard !batch.isEmpty else { return }
        if case .memory = pending.last {
            pending.append(.memory(batch))
            return
        }
        var offset: UInt64?
        do {
            var line = try RecordCoding.encoder().encode(batch)
            line.append(0x0A)
            let handle = try openHandle()
            let end = try handle.seekToEnd()
            offset = end
            try handle.write(contentsOf: line)
            try handle.synchronize()
            pending.append(.file(offset: end, length: line.count - 1, items: batch.items.count))
        } catch {
            // A line half written would run into the next one: cut it off again.
            if let offset { try? handle?.truncate(atOffset: offset) }
            pending.append(.memory(batch))
            logger.error("cluster journal: cannot write; the batch is held in memory", metadata: ["error": "\(error)"])
        }
    }

    /// The oldest batches, merged into one of at most about `maxItems` items, with the
    /// position to hand back to `drop` once they are written.
    public func head(maxItems: Int = 200) -> Head? {
        guard !pending.isEmpty else { return nil }
        var count = 0, items = 0
        while count < pending.count, count == 0 || items + pending[count].items <= maxItems {
            items += pending[count].items
            count += 1
        }
        var batches: [ClusterBatch] = []
        for slot in pending.prefix(count) {
            do {
                batches.append(try load(slot))
            } catch {
                logger.error("cluster journal: cannot read a waiting batch back; retried", metadata: ["error": "\(error)"])
                if batches.isEmpty { return nil }
                break
            }
        }
        return Head(batch: ClusterBatch(merging: batches), count: batches.count, position: dropped)
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
        // Batches held in memory go back to the disk at a compaction: tried every 100
        // drops (each reads the whole backlog back), at once when the backlog is small.
        let held = pending.contains { if case .memory = $0 { true } else { false } }
        dropsSinceCompaction += 1
        if pending.isEmpty || written > pending.count || (held && (pending.count < 1000 || dropsSinceCompaction >= 100)) {
            compact()
            return
        }
        do {
            try done.save(written)
        } catch {
            logger.error("cluster journal: cannot record progress; written batches may be written again (harmless)", metadata: ["error": "\(error)"])
        }
    }

    private func load(_ slot: Slot) throws -> ClusterBatch {
        switch slot {
        case .memory(let batch):
            return batch
        case .file(let offset, let length, _):
            let reader = try openReader()
            try reader.seek(toOffset: offset)
            let line = try reader.read(upToCount: length) ?? Data()
            return try RecordCoding.decoder().decode(ClusterBatch.self, from: line)
        }
    }

    /// Rewrites the file with only the batches still waiting (those held in memory too).
    /// The progress is reset first: a crash in between leaves the old file read from its
    /// start, which writes some batches twice (harmless) rather than skipping any.
    private func compact() {
        dropsSinceCompaction = 0
        do {
            let batches = try pending.map(load)
            try done.save(0)
            let encoder = RecordCoding.encoder()
            var bytes: [UInt8] = []
            var slots: [Slot] = []
            for batch in batches {
                let line = try encoder.encode(batch)
                slots.append(.file(offset: UInt64(bytes.count), length: line.count, items: batch.items.count))
                bytes += line
                bytes.append(0x0A)
            }
            try handle?.close()
            try reader?.close()
            (handle, reader) = (nil, nil)
            try AtomicFile.replace(path, with: bytes)
            pending = slots
            written = 0
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

    private func openReader() throws -> FileHandle {
        if let reader { return reader }
        let opened = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        reader = opened
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
