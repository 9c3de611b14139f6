import Alerting
import Analysis
import Foundation
import Logging
import Storage

/// The pipeline's alerting and upkeep: crash recovery of alerts, delivery, trend and source
/// rules, retention and segment upkeep, gauges, status and shutdown.
extension Pipeline {
    /// Closes the one crash window of `store`: items whose segment write was durable but
    /// whose alerts may not have reached the outbox get their notifications again. The
    /// outbox drops ids it already holds; one already delivered may go out twice, with the
    /// same idempotency key, which is what at-least-once delivery promises.
    public func recoverAfterCrash() async {
        let items = states.recovered
        guard !items.isEmpty else { return }
        let notifications = items.flatMap { item in rules.items.flatMap { $0.notifications(for: item) } }
        logger.notice("recovered items stored just before an unclean stop", metadata: ["items": "\(items.count)", "alerts": "\(notifications.count)"])
        do {
            try await outbox.enqueue(rules.worded(notifications))
            try states.save()
        } catch {
            logger.error("cannot write recovered alerts", metadata: ["error": "\(error)"])
        }
    }

    /// Delivers due alerts from the outbox, honouring the silences in
    /// `<data>/state/silences.json` (written by `yuqing silence`).
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
        let silences: [Silence]
        do {
            silences = try Silence.file(dataDirectory: config.dataDirectory).load() ?? []
        } catch {
            logger.error("cannot read silences; delivering without them", metadata: ["error": "\(error)"])
            silences = []
        }
        await outbox.deliverDue(now: Date(), channels: channels, silences: silences)
    }

    /// Evaluates trend rules once per 5-minute bucket and queues what fires.
    public func evaluateTrends(now: Date = Date()) async {
        let topics = config.topics.map(\.name)
        let notifications = trends.evaluate(topics: topics, rules: rules.trends, now: now)
            + trends.evaluateEarly(topics: topics, rules: rules.trends, now: now)
        guard !notifications.isEmpty else { return }
        logger.notice("trend alert", metadata: ["topics": "\(Set(notifications.compactMap { $0.fields["topic"] }).sorted().joined(separator: ","))"])
        do {
            try await outbox.enqueue(rules.worded(notifications))
        } catch {
            logger.error("cannot queue trend alert", metadata: ["error": "\(error)"])
        }
    }

    /// Announces a source failing for longer than a `source` rule allows, once per failure,
    /// and its recovery.
    func checkSourceRules(_ source: Config.Source, recovered: Bool, failingSince: Date? = nil, now: Date) async {
        guard !rules.sources.isEmpty else { return }
        let state = states.state(of: source.id)
        var notifications: [Alerting.Notification] = []
        if recovered {
            guard state.failureAlerted == true, let since = failingSince else { return }
            for rule in rules.sources where rule.applies(to: source.id) {
                notifications += rule.notifications(source: source.id, name: source.name, since: since, error: nil, recovered: true, now: now)
            }
            states.update(source.id) { $0.failureAlerted = nil }
        } else {
            guard state.failureAlerted != true, let since = state.failingSince else { return }
            for rule in rules.sources where rule.applies(to: source.id) && now.timeIntervalSince(since) >= rule.failingFor {
                notifications += rule.notifications(source: source.id, name: source.name, since: since, error: state.lastError, recovered: false, now: now)
            }
            guard !notifications.isEmpty else { return }
            states.update(source.id) { $0.failureAlerted = true }
        }
        do {
            try await outbox.enqueue(rules.worded(notifications))
            try states.save()
        } catch {
            logger.error("cannot queue source alert", metadata: ["source": "\(source.id)", "error": "\(error)"])
        }
    }

    /// Deletes closed segments beyond `storage.retain` / `storage.max_size`, oldest first,
    /// and forgets fingerprints older than the story horizon.
    public func applyRetention(now: Date = Date()) {
        maintainSegments()
        stories.compact(now: now)
        saveStories()
        spread.compact(horizon: rules.spreadHorizon, now: now)
        trends.compact(now: now)
        do {
            let deleted = try SegmentRetention.apply(dataDirectory: config.dataDirectory, limits: config.retention, now: now)
            if !deleted.isEmpty {
                logger.notice("retention deleted old segments", metadata: ["files": "\(deleted.joined(separator: ","))"])
            }
        } catch {
            logger.error("retention failed", metadata: ["error": "\(error)"])
        }
    }

    /// Updates the gauges that are read rather than counted: outbox depth, storage size,
    /// failing sources. Called before each scrape.
    public func refreshGauges() async {
        PipelineMetrics.outbox(depth: await outbox.count)
        let reader = SegmentReader(dataDirectory: config.dataDirectory)
        let segments = reader.segments()
        let bytes = segments.reduce(0) { total, path in
            total + (((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0)
        }
        PipelineMetrics.storage(bytes: bytes, segments: segments.count)
        PipelineMetrics.failingSources(states.states.values.filter { $0.consecutiveFailures > 0 }.count)
    }

    /// Indexes and compresses closed segments (see `SegmentMaintenance`).
    func maintainSegments() {
        do {
            let report = try SegmentMaintenance.run(dataDirectory: config.dataDirectory, compress: config.compress)
            if !report.compressed.isEmpty || !report.indexed.isEmpty {
                logger.info("segments closed", metadata: [
                    "indexed": "\(report.indexed.joined(separator: ","))", "compressed": "\(report.compressed.joined(separator: ","))",
                ])
            }
        } catch {
            logger.error("segment upkeep failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// One line for systemd's STATUS=: polls done, items stored, failing sources.
    public func statusLine() -> String {
        let failing = states.states.values.filter { $0.consecutiveFailures > 0 }.count
        return "监测中 \(polls) polls, \(storedItems) new items, \(failing) failing sources"
    }

    /// Writes all state; called once at shutdown.
    public func flush() {
        saveStates(force: true)
        saveStories()
    }
}
