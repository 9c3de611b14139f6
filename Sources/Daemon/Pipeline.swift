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
    let logger: Logger
    let writer: SegmentWriter
    let states: SourceStateStore
    let outbox: Outbox
    private var settings: Settings
    var config: Config { settings.config }
    private var scorer: TopicScorer { settings.scorer }
    var rules: AlertRules { settings.rules }
    /// Stores between their segment write and remembering their ids (see `checkpoint`).
    private var inFlight = 0
    /// Alerts of stored items that the outbox could not take yet.
    var unqueued: [Alerting.Notification] = []
    /// Recent stories' sources, for spread rules.
    var spread = SpreadTracker()
    /// New stories per topic per bucket, and trend rules' state.
    var trends = TrendTracker()
    var channels: [String: any Channel] { settings.channels }
    private var fetcher: SourceFetcher { settings.fetcher }
    /// Held for the pipeline's life: a second daemon on the same directory refuses to start.
    private let lock: DataDirectoryLock
    /// Recent fingerprints → stories, rebuilt from the segments at start-up.
    var stories: StoryIndex
    var polls = 0
    private var lastStateSave = Date.distantPast
    var storedItems = 0
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
    func saveStories() {
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
    func saveStates(force: Bool = false) {
        guard force || Date().timeIntervalSince(lastStateSave) >= Self.stateSaveInterval else { return }
        do {
            try states.save(position: checkpoint)
            lastStateSave = Date()
        } catch {
            logger.error("cannot write source state", metadata: ["error": "\(error)"])
        }
    }

    static let stateSaveInterval: TimeInterval = 5
}
