import Alerting
import Analysis
import Engine
import Foundation
import Logging
import Storage

/// The pipeline's alerting and upkeep: crash recovery of alerts, the engine's tick,
/// delivery, retention and segment upkeep, gauges, status and shutdown.
extension Pipeline {
    /// Closes the one crash window of `store`: items whose segment write was durable but
    /// whose alerts may not have reached the outbox get their notifications again. The
    /// outbox drops ids it already holds; one already delivered may go out twice, with the
    /// same idempotency key, which is what at-least-once delivery promises.
    public func recoverAfterCrash() async {
        let items = states.recovered
        guard !items.isEmpty else { return }
        let decisions = engine.itemDecisions(for: items, at: clock.now())
        logger.notice("recovered items stored just before an unclean stop", metadata: ["items": "\(items.count)", "alerts": "\(decisions.count)"])
        if clusterJournal != nil {
            // Per source, under the lease this node holds on its bucket now.
            let sources = Dictionary(config.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for (id, group) in Dictionary(grouping: items, by: \.source) {
                let ids = Set(group.map(\.id))
                await carryOut(decisions.filter { ids.contains($0.notification.fields["item_id"] ?? "") }, items: group, source: sources[id])
            }
        } else {
            await carryOut(decisions)
        }
        do {
            try states.save()
        } catch {
            logger.error("cannot write source state", metadata: ["error": "\(error)"])
        }
    }

    /// Advances the engine to now (trend evaluation at each bucket end, failing sources) and
    /// queues what it decided; called every second.
    public func tick() async {
        let decisions = engine.tick(at: clock.now())
        for (topic, signal) in engine.trendSignals { PipelineMetrics.trend(topic: topic, signal: signal) }
        let trends = decisions.filter { $0.notification.fields["kind"] == "trend" }
        if !trends.isEmpty {
            logger.notice("trend alert", metadata: ["topics": "\(Set(trends.compactMap { $0.notification.fields["topic"] }).sorted().joined(separator: ","))"])
        }
        await carryOut(decisions)
        if !engine.settings.rules.reports.isEmpty { await sendDueReports() }
    }

    /// Delivers due alerts from the outbox, honouring the silences in
    /// `<data>/state/silences.json` (written by `yuqing silence`; read again only when the
    /// file changes).
    public func deliverAlerts() async {
        if !unqueued.isEmpty {
            do {
                try await outbox.enqueue(unqueued)
                logger.notice("held alerts queued", metadata: ["alerts": "\(unqueued.count)"])
                unqueued = []
            } catch {
                // Still failing; logged when it first failed.
            }
        }
        reloadSilencesIfChanged()
        await outbox.deliverDue(now: clock.now(), channels: channels, silences: engine.settings.silences)
    }

    func reloadSilencesIfChanged() {
        let file = Silence.file(dataDirectory: config.dataDirectory)
        let stamp = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
        guard stamp != silencesStamp else { return }
        do {
            engine.setSilences(try file.load() ?? [])
            silencesStamp = stamp
        } catch {
            logger.error("cannot read silences; keeping the ones read before", metadata: ["error": "\(error)"])
        }
    }

    /// Hourly: closed segments indexed and compressed, data beyond `storage.retain` /
    /// `storage.max_size` deleted, the story snapshot saved.
    public func applyRetention() async {
        await upkeep(retention: true)
        await saveStories()
    }

    /// Segment upkeep (and retention) on `BlockingWork`'s threads; polls go on meanwhile.
    func upkeep(retention: Bool) async {
        let (store, limits, now, logger) = (store, retention ? config.retention : nil, clock.now(), logger)
        do {
            let report = try await BlockingWork.run { try store.upkeep(limits: limits, now: now) }
            if !report.maintenance.compressed.isEmpty || !report.maintenance.indexed.isEmpty {
                logger.info("segments closed", metadata: [
                    "indexed": "\(report.maintenance.indexed.joined(separator: ","))",
                    "compressed": "\(report.maintenance.compressed.joined(separator: ","))",
                ])
            }
            if let maxAge = limits?.maxAge {
                _ = try await BlockingWork.run {
                    try HotListLog(dataDirectory: store.dataDirectory).applyRetention(maxAge: maxAge, now: now)
                    try AlertLog(dataDirectory: store.dataDirectory).applyRetention(maxAge: maxAge, now: now)
                }
            }
            if !report.deleted.isEmpty {
                logger.notice("retention deleted old segments", metadata: ["files": "\(report.deleted.joined(separator: ","))"])
            }
        } catch {
            logger.error("segment upkeep failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Updates the gauges that are read rather than counted: outbox depth, storage size,
    /// failing sources. Called before each scrape; the file stats run off the actor.
    public func refreshGauges() async {
        PipelineMetrics.outbox(depth: await outbox.count)
        let store = store
        if let footprint = try? await BlockingWork.run({ store.footprint() }) {
            PipelineMetrics.storage(bytes: footprint.bytes, segments: footprint.parts)
        }
        PipelineMetrics.failingSources(states.states.values.filter { $0.consecutiveFailures > 0 }.count)
    }

    /// `statusLine`, and in cluster mode the node's status (`degraded` while PostgreSQL is
    /// unreachable), for `/healthz`.
    public func healthLine() async -> String {
        guard let membership else { return statusLine() }
        let cluster = await membership.status(at: clock.now())
        return statusLine() + (cluster.degradedSince == nil ? "; " : "; degraded: ") + cluster.line
    }

    /// One line for systemd's STATUS=: polls done, items stored, failing sources.
    public func statusLine() -> String {
        let failing = states.states.values.filter { $0.consecutiveFailures > 0 }.count
        return "监测中 \(polls) polls, \(storedItems) new items, \(failing) failing sources"
    }

    /// Writes all state; called once at shutdown.
    public func flush() async {
        saveStates(force: true)
        await saveStories()
    }
}
