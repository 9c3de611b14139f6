import Alerting
import Cluster
import Foundation
import Logging
import PostgresNIO

/// The loops a membership's session runs beside the lease rounds: writing the journal,
/// delivering from the shared outbox, and handing the cluster's shared state to the engine.
extension ClusterMembership {
    /// Writes the journal's batches in order, each once committed dropped from it.
    func writeLoop(
        _ journal: ClusterJournal, writer: ClusterWriter, limit: Double, now: @escaping @Sendable () -> Date,
        pause: @escaping @Sendable (Double) async -> Void
    ) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            while joined, let head = await journal.head() {
                do {
                    let at = now()
                    let result = try await Deadline.within(limit) { try await writer.write(head.batch, at: at) }
                    if !result.fenced.isEmpty { await journal.parking.park(result.fenced, of: head.batch, at: at) }
                    await journal.drop(head)
                    lastWrite = now()
                } catch {
                    degrade(error, at: now())
                    break
                }
            }
            await pause(0.25)
        }
    }

    func deliveryLoop(
        _ delivery: ClusterDelivery, channels: @escaping @Sendable () async -> [String: any Alerting.Channel],
        now: @escaping @Sendable () -> Date, pause: @escaping @Sendable (Double) async -> Void
    ) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if joined && degradedSince == nil {
                let current = await channels()
                // No deadline on a round: slow receivers are the channels' timeouts' business,
                // and a round gives back what it cannot send within its claim.
                do {
                    _ = try await delivery.deliverDue(now: now, channels: current)
                } catch {
                    degrade(error, at: now())
                }
            }
            await pause(1)
        }
    }

    /// Hands the cluster's shared state to the engine every 5 s: the new-story counts (the
    /// whole trend horizon once, then the last two hours, the buckets other nodes are still
    /// writing) and the spread of the stories a spread rule could still fire on.
    func sharedStateLoop(
        _ client: PostgresClient, link: ClusterEngineLink, limit: Double, logger: Logger,
        now: @escaping @Sendable () -> Date, pause: @escaping @Sendable (Double) async -> Void
    ) async {
        var loadedOnce = false
        var pushed: [String: Date] = [:]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if joined {
                // The sources this node polled since the last round, for every node to show.
                let changed = await link.sourceHealth(pushed)
                if !changed.isEmpty {
                    do {
                        let node = settings.node
                        try await Deadline.within(limit) { try await ClusterSourceHealth.push(changed, node: node, client: client, logger: logger) }
                        for (source, state) in changed { pushed[source] = state.lastAttempt }
                    } catch {
                        degrade(error, at: now())  // said once per outage; pushed again next round
                    }
                }
                let current = Int(now().timeIntervalSince1970) / 300
                let first = loadedOnce ? current - 24 : current - 29 * 288
                do {
                    let counts = try await Deadline.within(limit) { try await ClusterCounts.load(client, from: first, logger: logger) }
                    await link.adoptCounts(counts, first)
                    loadedOnce = true
                    if let (stories, since) = await link.spreadCandidates(), !stories.isEmpty {
                        let spread = try await Deadline.within(limit) { try await ClusterSpread.load(client, locals: stories, since: since, logger: logger) }
                        await link.adoptSpread(spread)
                    }
                } catch {
                    degrade(error, at: now())
                }
            }
            await pause(5)
        }
    }
}
