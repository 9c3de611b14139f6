import Cluster
import Foundation
import Logging
import PostgresNIO

/// This node's part of the cluster while the daemon runs: the buckets it holds, renewed
/// and rebalanced every third of a lease's ttl. A poll loop asks `lease(for:)` before each
/// fetch and skips sources whose bucket another node holds. With PostgreSQL unreachable the
/// node keeps polling the buckets it held (degraded mode, logged once per outage) and
/// rebalances when the database answers again; on a graceful stop it gives its buckets
/// back so others need not wait a ttl.
public actor ClusterMembership {
    let settings: Config.Cluster
    let logger: Logger
    private var held: [Int: Lease] = [:]
    private var degradedSince: Date?
    /// Until the first rebalance a node polls nothing: it does not yet know its share.
    private var joined = false

    public init(settings: Config.Cluster, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// The lease under which `url`'s source may be polled now, nil when another node holds
    /// its bucket (or the node has not joined yet).
    public func lease(for url: String) -> Lease? {
        held[HostBucket.bucket(ofURL: url, count: SchemaMigrations.bucketCount)]
    }

    public var isDegraded: Bool { degradedSince != nil }
    public var bucketCount: Int { held.count }

    /// Runs until cancelled or shutdown: connects, migrates, rebalances every ttl / 3, and
    /// gives the buckets back at the end.
    public func run(now: @escaping @Sendable () -> Date, pause: @escaping @Sendable (Double) async -> Void) async {
        guard let dsnText = settings.dsn, let dsn = try? PostgresDSN(dsnText) else {
            logger.error("cluster: no usable DSN; polling nothing", metadata: ["from": "\(settings.dsnOrigin)"])
            return
        }
        let client = PostgresClient(configuration: dsn.configuration, backgroundLogger: quiet(logger))
        let leases = BucketLeases(client: client, node: settings.node, ttl: settings.leaseTTL, logger: quiet(logger))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            var migrated = false
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    // A database that does not answer makes the driver wait for a
                    // connection; a round gives up after a third of the ttl.
                    let limit = settings.leaseTTL / 3
                    if !migrated {
                        let logger = quiet(logger)
                        _ = try await Deadline.within(limit) { try await SchemaMigrations.migrate(client, logger: logger) }
                        migrated = true
                    }
                    let at = now()
                    let current = try await Deadline.within(limit) { try await leases.rebalance(at: at) }
                    update(current, at: now())
                } catch {
                    degrade(error, at: now())
                }
                await pause(settings.leaseTTL / 3)
            }
            // Bounded too: a stop must not wait on a database that is away.
            let at = now()
            _ = try? await Deadline.within(settings.leaseTTL / 3) { try await leases.releaseAll(at: at) }
            group.cancelAll()
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
        joined = true
    }

    private func degrade(_ error: any Error, at now: Date) {
        if degradedSince == nil {
            degradedSince = now
            logger.error("cluster: PostgreSQL unreachable; polling the buckets held before", metadata: [
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
