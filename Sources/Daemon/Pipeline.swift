import Alerting
import Analysis
import Feeds
import Foundation
import Logging
import Storage
import Transport

/// One source's trip through the pipeline: fetch → parse → de-duplicate → score → store →
/// alert. An actor, so that storage and state have a single writer; fetches of different
/// sources overlap while they wait on the network.
public actor Pipeline {
    /// What the configuration decides; replaced as a whole by `apply(_:)` on reload.
    private struct Settings {
        var config: Config
        var scorer: TopicScorer
        var rules: AlertRules
        var channels: [String: any Channel]
        var fetcher: SourceFetcher
    }

    private let client: HTTPClient
    private let logger: Logger
    private let writer: SegmentWriter
    private let states: SourceStateStore
    private let outbox: Outbox
    private var settings: Settings
    private var config: Config { settings.config }
    private var scorer: TopicScorer { settings.scorer }
    private var rules: AlertRules { settings.rules }
    /// Stores between their segment write and remembering their ids (see `checkpoint`).
    private var inFlight = 0
    /// Alerts of stored items that the outbox could not take yet.
    private var unqueued: [Alerting.Notification] = []
    /// Recent stories' sources, for spread rules.
    private var spread = SpreadTracker()
    /// New stories per topic per bucket, and trend rules' state.
    private var trends = TrendTracker()
    private var channels: [String: any Channel] { settings.channels }
    private var fetcher: SourceFetcher { settings.fetcher }
    /// Held for the pipeline's life: a second daemon on the same directory refuses to start.
    private let lock: DataDirectoryLock
    /// Recent fingerprints → stories, rebuilt from the segments at start-up.
    private var stories: StoryIndex
    private var polls = 0
    private var lastStateSave = Date.distantPast
    private var storedItems = 0
    /// Hosts that asked for a pause (429/503 with Retry-After).
    public let hostGate = HostGate()

    public init(config: Config, client: HTTPClient, logger: Logger) throws {
        let opening = ContinuousClock.now
        lock = try DataDirectoryLock(dataDirectory: config.dataDirectory)
        self.client = client
        self.logger = logger
        let report = try SegmentMaintenance.run(dataDirectory: config.dataDirectory, compress: config.compress)
        if !report.isEmpty {
            logger.notice("storage recovery and upkeep", metadata: [
                "indexed": "\(report.indexed.joined(separator: ","))", "compressed": "\(report.compressed.joined(separator: ","))",
                "removed": "\(report.removed.joined(separator: ","))",
            ])
        }
        writer = try SegmentWriter(dataDirectory: config.dataDirectory, maxSegmentBytes: config.segmentBytes)
        states = try SourceStateStore(dataDirectory: config.dataDirectory, recentSegments: SegmentReader(dataDirectory: config.dataDirectory))
        outbox = try Outbox(dataDirectory: config.dataDirectory, logger: logger)
        settings = Self.settings(for: config, client: client, logger: logger)
        stories = try Self.rebuildStories(dataDirectory: config.dataDirectory, now: Date())
        try spread.rebuild(dataDirectory: config.dataDirectory, rules: settings.rules.spreads, now: Date())
        try trends.rebuild(dataDirectory: config.dataDirectory, now: Date())
        let elapsed = ContinuousClock.now - opening
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.info("data directory opened", metadata: [
            "seconds": "\(String(format: "%.3f", seconds))", "segments": "\(SegmentReader(dataDirectory: config.dataDirectory).segments().count)",
        ])
    }

    /// The story index from its snapshot plus the items stored after it, or from the last
    /// seven days of segments when there is no usable snapshot.
    private static func rebuildStories(dataDirectory: String, now: Date) throws -> StoryIndex {
        let snapshot = StorySnapshot.load(dataDirectory: dataDirectory, now: now)
        var index = snapshot?.0 ?? StoryIndex()
        try SegmentReader(dataDirectory: dataDirectory).forEach(after: snapshot?.1, since: now.addingTimeInterval(-index.horizon)) { item in
            guard let hex = item.simhash, let fingerprint = UInt64(hex, radix: 16) else { return }
            index.insert(fingerprint, story: item.story, time: item.fetched)
        }
        return index
    }

    /// Saves the story index with the position it covers (hourly and at shutdown).
    private func saveStories() {
        guard let position = writer.position else { return }
        do {
            try StorySnapshot.save(stories, position: position, dataDirectory: config.dataDirectory)
        } catch {
            logger.error("cannot write the story index snapshot", metadata: ["error": "\(error)"])
        }
    }

    private static func settings(for config: Config, client: HTTPClient, logger: Logger) -> Settings {
        let channels = ChannelFactory.channels(for: config, client: client, logger: logger)
        let rules = AlertRules(config: config, channels: Set(channels.keys))
        return Settings(
            config: config, scorer: TopicScorer(topics: config.topics, foldTraditional: config.foldTraditional), rules: rules, channels: channels,
            fetcher: SourceFetcher(config: config, client: client))
    }

    /// Takes a reloaded configuration: sources, topics, rules and channels change; fetch
    /// validators, seen ids, health and the outbox stay. The data directory cannot change
    /// while running (the caller refuses such a configuration).
    public func apply(_ newConfig: Config) {
        settings = Self.settings(for: newConfig, client: client, logger: logger)
    }

    /// When `source` should be polled next, from its persisted health (nil: now).
    public func plannedPoll(of source: String) -> Date? {
        states.state(of: source).nextPoll
    }

    static func policy(_ config: Config, allowPrivate: Bool) -> ConnectionPolicy {
        ConnectionPolicy(allowPrivateNetworks: allowPrivate, userAgent: config.userAgent ?? UserAgent.default)
    }

    /// Fetches `source` once, processes what it returns, records its health, and returns
    /// when to poll it next. Never throws: failures are logged with the source id and
    /// recorded in its state; the next poll retries.
    public func poll(_ source: Config.Source) async -> Date {
        let state = states.state(of: source.id)
        let streak = state.conditionalStreak ?? 0
        let conditional = PollPlanner.sendsValidators(conditionalStreak: streak)
        let request = fetcher.request(
            for: source, etag: conditional ? state.etag : nil, lastModified: conditional ? state.lastModified : nil)
        if source.insecure {
            logger.warning("TLS verification is off for this source (insecure: true)", metadata: ["source": "\(source.id)"])
        }
        let planner = PollPlanner(interval: source.interval, maxBackoff: source.maxBackoff, respectCacheHeaders: source.respectCacheHeaders)
        let started = Date()
        polls += 1
        var response: HTTPResponse?
        do {
            let outcome = try await fetcher.fetch(source, request: request)
            response = outcome.response
            let status = outcome.response.status
            if let feed = outcome.feed {
                PipelineMetrics.parsed(source: source.id, items: feed.entries.count, warnings: feed.warnings.count)
                if !feed.wellformed {
                    logger.warning("feed not well-formed, recovered", metadata: ["source": "\(source.id)", "why": "\(feed.warnings.prefix(3).joined(separator: "; "))"])
                }
                let future = feed.entries.filter { entry in
                    (entry.published ?? entry.updated).map { $0 > started.addingTimeInterval(Item.futureTolerance) } ?? false
                }.count
                if future > 0 {
                    logger.warning("dates in the future clamped to the fetch time", metadata: ["source": "\(source.id)", "items": "\(future)"])
                }
                states.update(source.id) { state in
                    if let invalid = feed.invalidSequences { state.invalidSequences = (state.invalidSequences ?? 0) + invalid }
                    if future > 0 { state.futureDates = (state.futureDates ?? 0) + future }
                }
                try await store(feed, source: source, fetched: started)
            } else if status != 304 {
                return await fail(source, "HTTP \(status)", response: outcome.response, started: started, planner: planner)
            }
            let wasFailingSince = states.state(of: source.id).failingSince
            let hasValidators = request.headers.contains { $0.name == "If-None-Match" || $0.name == "If-Modified-Since" }
            let next = Date().addingTimeInterval(planner.delayAfterSuccess(
                cacheLifetime: CacheHeaders.lifetime(outcome.response.headers, now: started),
                ttlMinutes: outcome.feed?.feed.ttl, jitter: Double.random(in: 0...1)))
            states.update(source.id) { state in
                if status != 304 {
                    state.etag = outcome.response.headers["ETag"]
                    state.lastModified = outcome.response.headers["Last-Modified"]
                }
                state.conditionalStreak = hasValidators ? streak + 1 : 0
                state.lastItems = outcome.feed?.entries.count ?? state.lastItems
                state.lastSuccess = started
                state.lastError = nil
                state.failingSince = nil
                state.consecutiveFailures = 0
                Self.recordAttempt(&state, response: outcome.response, started: started, next: next)
            }
            if status == 304 { logger.debug("not modified", metadata: ["source": "\(source.id)"]) }
            PipelineMetrics.fetched(source: source.id, outcome: status == 304 ? "not_modified" : "ok", seconds: Date().timeIntervalSince(started))
            if wasFailingSince != nil { await checkSourceRules(source, recovered: true, failingSince: wasFailingSince, now: Date()) }
            saveStates()
            return next
        } catch {
            return await fail(source, "\(error)", response: response, started: started, planner: planner)
        }
    }

    private static func recordAttempt(_ state: inout SourceState, response: HTTPResponse?, started: Date, next: Date) {
        state.lastAttempt = started
        state.lastStatus = response?.status
        state.lastBytes = response?.timing.downloadedBytes
        state.lastDuration = response.map { $0.timing.total } ?? Date().timeIntervalSince(started)
        state.nextPoll = next
    }

    private func fail(_ source: Config.Source, _ message: String, response: HTTPResponse?, started: Date, planner: PollPlanner) async -> Date {
        let failures = states.state(of: source.id).consecutiveFailures + 1
        PipelineMetrics.fetched(source: source.id, outcome: "error", seconds: Date().timeIntervalSince(started))
        var retryAfter: Double?
        if let response, response.status == 429 || response.status == 503 {
            retryAfter = CacheHeaders.retryAfter(response.headers, now: started)
            if let retryAfter {
                await hostGate.hold(host: HostGate.host(of: source.url), until: started.addingTimeInterval(retryAfter))
                logger.warning("host asked to wait; all its sources hold back", metadata: [
                    "source": "\(source.id)", "host": "\(HostGate.host(of: source.url))", "seconds": "\(Int(retryAfter))",
                ])
            }
        }
        let next = Date().addingTimeInterval(
            planner.delayAfterFailure(consecutiveFailures: failures, retryAfter: retryAfter, jitter: Double.random(in: 0...1)))
        logger.error("fetch failed", metadata: [
            "source": "\(source.id)", "error": "\(message)", "failures": "\(failures)",
            "retry_at": "\(RecordCoding.timestamp(next))",
        ])
        states.update(source.id) { state in
            state.lastError = message
            state.consecutiveFailures = failures
            if state.failingSince == nil { state.failingSince = started }
            Self.recordAttempt(&state, response: response, started: started, next: next)
        }
        await checkSourceRules(source, recovered: false, now: Date())
        saveStates()
        return next
    }

    /// Order matters for durability: the items' segment is fsynced first, then their alerts
    /// are persisted in the outbox, and only then are the ids recorded as seen.
    private func store(_ feed: ParsedFeed, source: Config.Source, fetched: Date) async throws {
        var fresh: [StoredItem] = []
        var batchIDs = Set<String>()
        for entry in feed.entries {
            let item = Item(entry: entry, sourceID: source.id, fetched: fetched)
            guard !states.hasSeen(item.id, source: source.id), batchIDs.insert(item.id).inserted else { continue }
            fresh.append(StoredItem(ScoredItem(item: item, scorer: scorer, stories: &stories)))
        }
        logger.info("fetched", metadata: ["source": "\(source.id)", "entries": "\(feed.entries.count)", "new": "\(fresh.count)", "encoding": "\(feed.encoding)"])
        guard !fresh.isEmpty else { return }
        try writer.append(fresh, at: fetched)  // durable when this returns
        inFlight += 1
        storedItems += fresh.count
        PipelineMetrics.stored(source: source.id, items: fresh.count, topics: fresh.flatMap { $0.topics.map(\.topic) })
        trends.add(fresh)
        // While a trend alert for a topic is active, its item alerts are folded into it.
        let inhibited = trends.activeTopics
        let itemNotifications = fresh.flatMap { item in rules.items.flatMap { $0.notifications(for: item) } }
        let folded = itemNotifications.filter { inhibited.contains($0.fields["topic"] ?? "") }
        let notifications = itemNotifications.filter { !inhibited.contains($0.fields["topic"] ?? "") }
            + spread.add(fresh, rules: rules.spreads, now: fetched)
        let worded = rules.worded(notifications)
        do {
            if !worded.isEmpty { try await outbox.enqueue(worded) }
        } catch {
            // The items are stored: remember them (no duplicates) and hold their alerts until
            // the outbox can be written; the checkpoint stays put meanwhile, so a crash
            // still recovers them from the segments.
            unqueued += worded
            logger.error("cannot write the outbox; alerts held and retried", metadata: ["source": "\(source.id)", "alerts": "\(worded.count)", "error": "\(error)"])
        }
        if !folded.isEmpty { await outbox.recordFolded(folded, into: "trend") }
        states.update(source.id) { $0.remember(fresh.map(\.id)) }
        inFlight -= 1
        try states.save(position: checkpoint)
        lastStateSave = Date()
        if writer.takeClosed() { maintainSegments() }
    }

    /// The position up to which every stored item is remembered as seen and has its alerts
    /// in the outbox; nil while a store is between its segment write and that point (another
    /// task may be suspended there) or alerts wait to be queued.
    private var checkpoint: SegmentPosition? {
        inFlight == 0 && unqueued.isEmpty ? writer.position : nil
    }

    /// Health and validators are written at most every `stateSaveInterval`: the file holds
    /// every source's seen ids, and rewriting it after each of thousands of polls would cost
    /// more than the polls. Losing a few seconds of health to a crash is harmless (seen ids
    /// come back from the segments); `store` and `flush` write at once.
    private func saveStates(force: Bool = false) {
        guard force || Date().timeIntervalSince(lastStateSave) >= Self.stateSaveInterval else { return }
        do {
            try states.save(position: checkpoint)
            lastStateSave = Date()
        } catch {
            logger.error("cannot write source state", metadata: ["error": "\(error)"])
        }
    }

    static let stateSaveInterval: TimeInterval = 5

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
        let notifications = trends.evaluate(topics: config.topics.map(\.name), rules: rules.trends, now: now)
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
    private func checkSourceRules(_ source: Config.Source, recovered: Bool, failingSince: Date? = nil, now: Date) async {
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
    private func maintainSegments() {
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
