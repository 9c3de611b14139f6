import Alerting
import Cluster
import Foundation
import Logging
import PostgresNIO
import Storage

/// This node's part of the cluster while the daemon runs, on one PostgreSQL client:
/// - the buckets it holds, renewed and rebalanced every third of a lease's ttl (a poll loop
///   asks `lease(for:)` before each fetch and skips sources of other nodes' buckets);
/// - the journal of what it stored, written in order (`ClusterWriter`) as soon as the
///   database takes it;
/// - delivery from the shared outbox (`ClusterDelivery`).
/// With PostgreSQL unreachable the node keeps polling the buckets it held and keeps its
/// batches and alerts in the journal (degraded mode, logged once per outage); it catches up
/// when the database answers again. On a graceful stop it gives its buckets back.
public actor ClusterMembership {
    let settings: Config.Cluster
    let logger: Logger
    private var held: [Int: Lease] = [:]
    /// Every bucket's newest lease this node has held: the epoch its polls ran under.
    private var known: [Int: Lease] = [:]
    var degradedSince: Date?
    /// Until the first rebalance a node polls nothing: it does not yet know its share.
    var joined = false
    /// Where the node's status is kept for `yuqing sources` (nil: nowhere).
    let statusFile: StateFile<ClusterNodeStatus>?
    private var journal: ClusterJournal?
    private var saved: ClusterNodeStatus?
    /// When the journal last committed a batch to the database.
    var lastWrite: Date?
    /// Whether this run has brought the schema up to date.
    private var migrated = false
    /// The server of the DSN in use (several are named for a failover pair).
    private var server: PostgresDSN.Endpoint?

    public init(settings: Config.Cluster, logger: Logger, dataDirectory: String? = nil) {
        self.settings = settings
        self.logger = logger
        statusFile = dataDirectory.map { ClusterNodeStatus.file(dataDirectory: $0) }
    }

    /// This node's status now.
    public func status(at now: Date) async -> ClusterNodeStatus {
        let backlog = await journal?.backlog ?? (batches: 0, items: 0)
        var status = ClusterNodeStatus(
            node: settings.node, buckets: held.count, degradedSince: degradedSince, pendingBatches: backlog.batches,
            pendingItems: backlog.items, updated: now)
        status.parkedItems = await journal?.parking.count
        return status
    }

    /// Writes the status file when something other than the time changed.
    private func saveStatus(at now: Date) async {
        guard let statusFile else { return }
        var current = await status(at: now)
        current.updated = saved?.updated ?? now
        guard current != saved else { return }
        current.updated = now
        do {
            try statusFile.save(current)
            saved = current
        } catch {
            logger.error("cluster: cannot write the node's status file", metadata: ["error": "\(error)"])
        }
    }

    /// The lease under which `url`'s source may be polled now, nil when another node holds
    /// its bucket (or the node has not joined yet).
    public func lease(for url: String) -> Lease? {
        held[HostBucket.bucket(ofURL: url, count: SchemaMigrations.bucketCount)]
    }

    /// The newest lease this node held on `url`'s bucket, held now or not: what its last
    /// poll of the source ran under.
    public func lastLease(for url: String) -> Lease? {
        known[HostBucket.bucket(ofURL: url, count: SchemaMigrations.bucketCount)]
    }

    public var isDegraded: Bool { degradedSince != nil }

    /// Whether this node sends the cluster's trend alerts: the holder of bucket 0. Every
    /// node judges trends on the same shared counts (so item alerts fold alike); one sends.
    public var leadsTrends: Bool { held[0] != nil }

    /// Returns once the node holds its first share of buckets, or after `seconds`.
    public func waitUntilJoined(within seconds: Double, pause: @Sendable (Double) async -> Void) async {
        var waited = 0.0
        while !joined && waited < seconds && !Task.isCancelled {
            await pause(0.1)
            waited += 0.1
        }
    }

    public var bucketCount: Int { held.count }

    /// Runs until cancelled or shutdown: connects, migrates, rebalances every ttl / 3,
    /// writes `journal`, delivers alerts through `link`'s channels, hands the cluster's counts
    /// and spread to `link`, and gives the buckets back at the end.
    ///
    /// postgres-nio's pool retries a connection that failed with a growing backoff (up to a
    /// minute), so after a long outage it would notice the database's return late. A round
    /// that fails while the node is already degraded therefore starts over on a fresh pool,
    /// which connects at once: the node is back within a round of the database.
    public func run(
        journal: ClusterJournal?, link: ClusterEngineLink,
        now: @escaping @Sendable () -> Date, pause: @escaping @Sendable (Double) async -> Void
    ) async {
        guard let dsnText = settings.dsn, let dsn = try? PostgresDSN(dsnText) else {
            logger.error("cluster: no usable DSN; polling nothing", metadata: ["from": "\(settings.dsnOrigin)"])
            return
        }
        self.journal = journal
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let stopped = await session(dsn, journal: journal, link: link, now: now, pause: pause)
            if stopped { break }
            await pause(settings.leaseTTL / 3)
        }
    }

    /// One pool's life: true when the node stops, false when the pool is to be replaced.
    private func session(
        _ dsn: PostgresDSN, journal: ClusterJournal?, link: ClusterEngineLink, now: @escaping @Sendable () -> Date, pause: @escaping @Sendable (Double) async -> Void
    ) async -> Bool {
        let quiet = quiet(logger)
        // A database that does not answer makes the driver wait for a connection; every
        // round gives up after a third of the ttl.
        let limit = settings.leaseTTL / 3
        let endpoint: PostgresDSN.Endpoint
        do {
            endpoint = try await PrimaryFinder.find(dsn, timeout: limit, logger: quiet)
        } catch {
            degrade(error, at: now())
            await saveStatus(at: now())
            return Task.isCancelled || Task.isShuttingDownGracefully
        }
        if dsn.endpoints.count > 1 && endpoint != server {
            logger.notice("cluster: using PostgreSQL server", metadata: ["server": "\(endpoint)"])
            server = endpoint
        }
        let client = PostgresClient(configuration: dsn.configuration(endpoint), backgroundLogger: quiet)
        let leases = BucketLeases(client: client, node: settings.node, ttl: settings.leaseTTL, logger: quiet)
        // The pool and the loops run as tasks of their own that a session cancels and does
        // not wait for: a loop waiting on a pool that went away must not keep the node from
        // starting over on a fresh one, or from stopping.
        let runner = Task { await client.run() }
        var workers: [Task<Void, Never>] = []
        if let journal {
            let writer = ClusterWriter(client: client, node: settings.node, logger: quiet)
            workers.append(Task { await self.writeLoop(journal, writer: writer, limit: limit, now: now, pause: pause) })
        }
        let delivery = ClusterDelivery(
            outbox: SharedOutbox(client: client, node: settings.node, logger: quiet), gates: ChannelGates(client: client, logger: quiet), logger: logger)
        workers.append(Task { await self.deliveryLoop(delivery, channels: link.channels, now: now, pause: pause) })
        workers.append(Task { await self.sharedStateLoop(client, link: link, limit: limit, logger: quiet, now: now, pause: pause) })
        defer {
            for worker in workers { worker.cancel() }
            runner.cancel()
        }
        do {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let wasDegraded = degradedSince != nil
                do {
                    if !migrated {
                        _ = try await Deadline.within(limit) { try await SchemaMigrations.migrate(client, logger: quiet) }
                        migrated = true
                    }
                    let (at, written) = (now(), lastWrite)
                    let pending = await journal?.backlog.items ?? 0
                    let current = try await Deadline.within(limit) { try await leases.rebalance(at: at, pending: pending, lastWrite: written) }
                    update(current, at: now())
                    if let journal { await reofferParked(journal, client: client, limit: limit, at: now()) }
                } catch {
                    degrade(error, at: now())
                    if wasDegraded {
                        await saveStatus(at: now())
                        return false
                    }
                }
                await saveStatus(at: now())
                await pause(limit)
            }
            // Bounded too: a stop must not wait on a database that is away. What the journal
            // holds is written first, while this node's epochs still stand (whatever is
            // left waits in the file for the next start).
            for worker in workers { worker.cancel() }
            if let journal, degradedSince == nil {
                let writer = ClusterWriter(client: client, node: settings.node, logger: quiet)
                _ = try? await Deadline.within(limit) {
                    while let head = await journal.head() {
                        _ = try await writer.write(head.batch, at: now())
                        await journal.drop(head)
                    }
                }
            }
            let at = now()
            _ = try? await Deadline.within(limit) { try await leases.releaseAll(at: at) }
            return true
        }
    }

    /// Hands the journal the parked items that can be written now. A round that fails is
    /// tried again at the next: the leases were renewed, so the node is not degraded.
    private func reofferParked(_ journal: ClusterJournal, client: PostgresClient, limit: Double, at now: Date) async {
        let (writer, holding) = (ClusterWriter(client: client, node: settings.node, logger: quiet(logger)), held)
        do {
            try await Deadline.within(limit) { try await journal.parking.reoffer(held: holding, writer: writer, at: now) { await journal.append($0) } }
        } catch {
            logger.warning("cluster: parked items not offered again this round", metadata: ["error": "\(String(describing: error).prefix(300))"])
        }
    }

    private func update(_ current: [Lease], at now: Date) {
        let before = Set(held.keys), after = Set(current.map(\.bucket))
        if !joined || before != after {
            logger.info("cluster: buckets held", metadata: [
                "node": "\(settings.node)", "buckets": "\(after.count)",
                "taken": "\(after.subtracting(before).count)", "given": "\(before.subtracting(after).count)",
            ])
        }
        if let since = degradedSince {
            logger.notice("cluster: PostgreSQL answers again", metadata: ["after": "\(Int(now.timeIntervalSince(since))) s"])
            degradedSince = nil
        }
        held = Dictionary(uniqueKeysWithValues: current.map { ($0.bucket, $0) })
        for lease in current { known[lease.bucket] = lease }
        joined = true
    }

    func degrade(_ error: any Error, at now: Date) {
        if degradedSince == nil {
            degradedSince = now
            logger.error("cluster: PostgreSQL unreachable; polling the buckets held before, keeping items and alerts until it answers", metadata: [
                "buckets": "\(held.count)", "error": "\(String(describing: error).prefix(300))",
            ])
        }
    }

    private nonisolated func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .error
        return quiet
    }
}
