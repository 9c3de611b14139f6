import Foundation
import Logging
import ServiceLifecycle
import Transport
import UnixSignals

/// The long-running part of `yuqing run`: one polling loop per source, each waiting for
/// the time `Pipeline.poll` plans (interval with jitter, cache headers, backoff) and for
/// its host's `Retry-After`, one loop that delivers due alerts, the systemd watchdog, and
/// a SIGHUP listener that reloads the configuration.
///
/// On graceful shutdown (SIGTERM/SIGINT) the loops stop waiting, fetches in flight finish
/// and are stored, pending alerts stay in the outbox, and state is flushed. On SIGHUP the
/// file is read and validated again: a valid one replaces sources, topics, rules and
/// channels (fetch state, windows and the outbox stay); an invalid one is logged with its
/// errors and the running configuration is kept.
public struct MonitorService: Service {
    let config: Config
    let pipeline: Pipeline
    let logger: Logger
    let notifier = SystemdNotifier()
    /// With `cluster:`, the buckets this node may poll; nil on a single node.
    let membership: ClusterMembership?

    public init(config: Config, pipeline: Pipeline, logger: Logger) {
        self.config = config
        self.pipeline = pipeline
        self.logger = logger
        membership = config.cluster.map { ClusterMembership(settings: $0, logger: logger, dataDirectory: config.dataDirectory) }
    }

    public func run() async throws {
        if let membership {
            await pipeline.join(membership)
        } else {
            await pipeline.recoverAfterCrash()
        }
        logger.info("monitoring", metadata: ["sources": "\(config.sources.count)", "topics": "\(config.topics.count)", "data": "\(config.dataDirectory)"])
        notifier.notify("READY=1\nSTATUS=监测中 monitoring \(config.sources.count) sources")
        let reloads = ReloadMailbox()
        await withTaskGroup(of: Void.self) { outer in
            outer.addTask { await listenForHangups(into: reloads) }
            if let membership {
                let (clock, pipeline) = (pipeline.clock, pipeline)
                outer.addTask {
                    await membership.run(
                        journal: pipeline.clusterJournal, link: pipeline.clusterLink, now: { clock.now() }, pause: { await pause(seconds: $0) })
                }
                // Recovered items are written under the leases held once joined.
                outer.addTask {
                    await membership.waitUntilJoined(within: 2 * (config.cluster?.leaseTTL ?? 30)) { await pause(seconds: $0) }
                    await pipeline.recoverAfterCrash()
                }
            }
            outer.addTask {
                var current = config
                while !Task.isShuttingDownGracefully {
                    guard let next = await runUntilReload(current, reloads: reloads) else { break }
                    await pipeline.apply(next)
                    current = next
                    logger.notice("configuration reloaded", metadata: ["sources": "\(next.sources.count)", "topics": "\(next.topics.count)"])
                    notifier.notify("READY=1\nSTATUS=监测中 monitoring \(next.sources.count) sources (reloaded)")
                }
            }
        }
        notifier.notify("STOPPING=1\nSTATUS=停止中 flushing state")
        await pipeline.flush()
        logger.info("stopped cleanly")
    }

    /// Runs every loop for `config` until shutdown (nil) or a SIGHUP with a valid new
    /// configuration (returned). Polls in flight finish either way.
    private func runUntilReload(_ config: Config, reloads: ReloadMailbox) async -> Config? {
        await withTaskGroup(of: Config?.self) { group in
            for (index, source) in config.sources.enumerated() {
                group.addTask {
                    await pollLoop(source, stagger: Double(index % 20) * 0.05)
                    return nil
                }
            }
            group.addTask {
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    await pipeline.tick()
                    await pipeline.deliverAlerts()
                    await pause(seconds: 1)
                }
                return nil
            }
            group.addTask {
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    await pipeline.applyRetention()
                    await pause(seconds: 3600)
                }
                return nil
            }
            if let interval = notifier.watchdogInterval {
                group.addTask {
                    await watchdog(every: interval)
                    return nil
                }
            }
            group.addTask {
                // A quarter-second check of the mailbox: simple, and cheap next to polling.
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    if let next = await reloads.take() { return next }
                    try? await Task.sleep(for: .milliseconds(250))
                }
                return nil
            }
            var reloaded: Config?
            for await result in group {
                if let result {
                    reloaded = result
                    group.cancelAll()
                } else if Task.isShuttingDownGracefully {
                    group.cancelAll()
                }
            }
            return Task.isShuttingDownGracefully ? nil : reloaded
        }
    }

    private func pollLoop(_ source: Config.Source, stagger: Double) async {
        let host = HostGate.host(of: source.url)
        // Honour the schedule persisted before a restart or reload, so neither hammers anyone.
        let planned = await pipeline.plannedPoll(of: source.id)?.timeIntervalSince(pipeline.now()) ?? 0
        await pause(seconds: max(stagger, planned))
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if let until = await pipeline.hostGate.waitUntil(host: host, now: pipeline.now()) {
                await pause(seconds: until.timeIntervalSince(await pipeline.now()))
                continue
            }
            // In a cluster, only sources of this node's buckets (asked again each round).
            if let membership, await membership.lease(for: source.url) == nil {
                await pause(seconds: min(source.interval, (config.cluster?.leaseTTL ?? 30) / 3))
                continue
            }
            // An unstructured task: a reload cancels the loops, not a fetch in flight.
            let next = await Task { await pipeline.poll(source) }.value
            await pause(seconds: next.timeIntervalSince(await pipeline.now()))
        }
    }

    /// For the whole run: on each SIGHUP re-reads and validates the file; a valid
    /// configuration goes to the mailbox, an invalid one is logged and dropped.
    private func listenForHangups(into reloads: ReloadMailbox) async {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            notifier.notify("RELOADING=1\nSTATUS=重新加载配置 reloading")
            do {
                var next = try ConfigLoader.load(path: config.file)
                next.dataDirectory = config.dataDirectory  // a running daemon keeps its directory
                if next.cluster != config.cluster {
                    // Joining, leaving or moving to another database is a restart's work.
                    logger.warning("the cluster: section changed; it takes effect at the next start, the running one is kept")
                    next.cluster = config.cluster
                }
                await reloads.put(next)
            } catch {
                logger.error("configuration not reloaded; keeping the running one", metadata: ["errors": "\(error.description)"])
                notifier.notify("READY=1\nSTATUS=监测中 (reload failed: \(error.errors.count) errors)")
            }
        }
    }

    /// Pings systemd's watchdog only while the pipeline answers: each ping first awaits the
    /// pipeline actor (a wedged pipeline stops the pings and systemd restarts the service),
    /// and carries a status line with the pipeline's counters.
    private func watchdog(every interval: Duration) async {
        var delivering = true
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let status = await pipeline.statusLine()
            let sent = notifier.notify("WATCHDOG=1\nSTATUS=\(status)")
            if sent != delivering {
                delivering = sent
                if sent {
                    logger.notice("the service manager reads watchdog pings again")
                } else {
                    logger.warning("watchdog ping dropped: the service manager is not reading its notify socket")
                }
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Sleeps, but wakes at once on graceful shutdown or cancellation (a reload).
    private func pause(seconds: Double) async {
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        _ = try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: .seconds(max(0, seconds)))
        }
    }
}

/// The newest validated configuration waiting to be applied.
actor ReloadMailbox {
    private var pending: Config?

    func put(_ config: Config) {
        pending = config
    }

    func take() -> Config? {
        defer { pending = nil }
        return pending
    }
}

extension MonitorService: CustomStringConvertible {
    /// Only the name: service-lifecycle logs services by their description, and the
    /// default one would print the whole configuration, secrets included.
    public var description: String { "MonitorService" }
}
