import Foundation
import Logging
import ServiceLifecycle
import Transport

/// The long-running part of `yuqing run`: one polling loop per source, each waiting for
/// the time `Pipeline.poll` plans (interval with jitter, cache headers, backoff) and for
/// its host's `Retry-After`, and one loop that delivers due alerts.
///
/// On graceful shutdown (SIGTERM/SIGINT) the loops stop waiting, fetches in flight finish
/// and are stored, pending alerts stay in the outbox, and state is flushed.
public struct MonitorService: Service {
    let config: Config
    let pipeline: Pipeline
    let logger: Logger

    public init(config: Config, pipeline: Pipeline, logger: Logger) {
        self.config = config
        self.pipeline = pipeline
        self.logger = logger
    }

    public func run() async throws {
        await pipeline.recoverAfterCrash()
        logger.info("monitoring", metadata: ["sources": "\(config.sources.count)", "topics": "\(config.topics.count)", "data": "\(config.dataDirectory)"])
        let notifier = SystemdNotifier()
        notifier.notify("READY=1\nSTATUS=监测中 monitoring \(config.sources.count) sources")
        await withTaskGroup(of: Void.self) { group in
            if let interval = notifier.watchdogInterval {
                group.addTask { await watchdog(notifier, every: interval) }
            }
            for (index, source) in config.sources.enumerated() {
                group.addTask {
                    // Stagger the first round so that start-up does not fire every request at once.
                    await pause(seconds: Double(index % 20) * 0.05)
                    let host = HostGate.host(of: source.url)
                    while !Task.isShuttingDownGracefully {
                        if let until = await pipeline.hostGate.waitUntil(host: host, now: Date()) {
                            await pause(seconds: until.timeIntervalSinceNow)
                            continue
                        }
                        let next = await pipeline.poll(source)
                        await pause(seconds: next.timeIntervalSinceNow)
                    }
                }
            }
            group.addTask {
                while !Task.isShuttingDownGracefully {
                    await pipeline.deliverAlerts()
                    await pause(seconds: 1)
                }
            }
        }
        notifier.notify("STOPPING=1\nSTATUS=停止中 flushing state")
        await pipeline.flush()
        logger.info("stopped cleanly")
    }

    /// Pings systemd's watchdog only while the pipeline answers: each ping first awaits the
    /// pipeline actor (a wedged pipeline stops the pings and systemd restarts the service),
    /// and carries a status line with the pipeline's counters.
    private func watchdog(_ notifier: SystemdNotifier, every interval: Duration) async {
        while !Task.isShuttingDownGracefully {
            let status = await pipeline.statusLine()
            notifier.notify("WATCHDOG=1\nSTATUS=\(status)")
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Sleeps, but wakes at once on graceful shutdown.
    private func pause(seconds: Double) async {
        guard !Task.isShuttingDownGracefully else { return }
        _ = try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: .seconds(max(0, seconds)))
        }
    }
}
