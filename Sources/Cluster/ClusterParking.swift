import Foundation
import Logging
import Storage

/// Items the fence turned away, kept (`<data>/cluster/parked.json`) until they are in the
/// cluster. An item is fenced when its bucket changed hands between the poll and the write;
/// the new owner was to store it from its own poll. But the bucket can come back before the
/// new owner polled it (after an outage the first node back takes every bucket, and gives
/// half back a round later), and then this node's poll finds the item already stored here
/// and writes nothing: dropped, it would be lost. So each round (`reoffer`) a parked item
///   - that the cluster holds (the new owner stored it) is let go;
///   - whose bucket this node holds again is written under the current lease;
///   - that nobody stored within `grace` of being parked is written under its bucket's
///     current epoch: its owner has had time to poll, and the feed no longer offers it.
/// Written again means handed to the node's journal, which writes it in order and keeps it
/// across a crash; it leaves the parking only once handed over.
public actor ClusterParking {
    /// Fenced items of one write, and when they were parked.
    struct Parked: Codable, Sendable {
        var batch: ClusterBatch
        var since: Date
    }

    /// How long the bucket's new owner has to store a parked item itself.
    public static let grace: TimeInterval = 3600

    private let file: StateFile<[Parked]>
    private let logger: Logger
    private var parked: [Parked]

    public init(dataDirectory: String, logger: Logger) {
        try? FileManager.default.createDirectory(atPath: dataDirectory + "/cluster", withIntermediateDirectories: true)
        file = StateFile(path: dataDirectory + "/cluster/parked.json")
        self.logger = logger
        do {
            parked = try file.load() ?? []
        } catch {
            parked = []
            logger.error("cluster: parked items unreadable; left as they are", metadata: ["file": "\(file.path)", "error": "\(error)"])
        }
    }

    /// Items parked now.
    public var count: Int { parked.reduce(0) { $0 + $1.batch.items.count } }

    /// Keeps `ids` of `batch` (with their decisions), fenced at `now`.
    public func park(_ ids: [String], of batch: ClusterBatch, at now: Date) {
        let known = Set(parked.flatMap { $0.batch.items.map(\.id) })
        let fresh = batch.only(Set(ids).subtracting(known))
        guard !fresh.items.isEmpty else { return }
        parked.append(Parked(batch: fresh, since: now))
        save()
        logger.notice("cluster: items parked, their bucket changed hands before they were written", metadata: [
            "items": "\(fresh.items.count)", "parked": "\(count)",
        ])
    }

    /// One round: lets go what the cluster holds and hands `append` what is to be written
    /// again (see the type's description). `held` is this node's leases by bucket.
    public func reoffer(
        held: [Int: Lease], writer: ClusterWriter, at now: Date, append: @Sendable (ClusterBatch) async -> Void
    ) async throws {
        guard !parked.isEmpty else { return }
        let stored = try await writer.stored(parked.flatMap { $0.batch.items.map(\.id) })
        let late = parked.filter { now.timeIntervalSince($0.since) >= Self.grace }.flatMap { $0.batch.leases.values.map(\.bucket) }
        let epochs = try await writer.epochs(Set(late))
        var kept: [Parked] = [], again: [ClusterBatch] = []
        for entry in parked {
            var batch = entry.batch.only(Set(entry.batch.items.map(\.id)).subtracting(stored))
            guard !batch.items.isEmpty else { continue }
            let overdue = now.timeIntervalSince(entry.since) >= Self.grace
            let leases = batch.leases.compactMapValues { lease in
                held[lease.bucket] ?? (overdue ? epochs[lease.bucket].map { Lease(bucket: lease.bucket, epoch: $0) } : nil)
            }
            let ready = Set(batch.items.filter { leases[$0.source] != nil }.map(\.id))
            if !ready.isEmpty {
                var written = batch.only(ready)
                written.leases = leases.filter { written.leases[$0.key] != nil }
                again.append(written)
                batch = batch.only(Set(batch.items.map(\.id)).subtracting(ready))
            }
            if !batch.items.isEmpty { kept.append(Parked(batch: batch, since: entry.since)) }
        }
        let before = count
        for batch in again { await append(batch) }
        parked = kept
        save()
        if before != count {
            logger.notice("cluster: parked items settled", metadata: [
                "written_again": "\(again.reduce(0) { $0 + $1.items.count })", "parked": "\(count)",
            ])
        }
    }

    private func save() {
        do {
            try file.save(parked)
        } catch {
            logger.error("cluster: cannot save parked items; kept in memory", metadata: ["error": "\(error)"])
        }
    }
}
