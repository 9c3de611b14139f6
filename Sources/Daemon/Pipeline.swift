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
    private let config: Config
    private let client: HTTPClient
    private let logger: Logger
    private let scorer: TopicScorer
    private let writer: SegmentWriter
    private let states: SourceStateStore
    private let outbox: Outbox
    private let rules: [ItemAlertRule]
    private let channels: [String: any Channel]

    public init(config: Config, client: HTTPClient, logger: Logger) throws {
        self.config = config
        self.client = client
        self.logger = logger
        scorer = TopicScorer(topics: config.topics)
        writer = try SegmentWriter(dataDirectory: config.dataDirectory)
        states = try SourceStateStore(dataDirectory: config.dataDirectory, recentSegments: SegmentReader(dataDirectory: config.dataDirectory))
        outbox = try Outbox(dataDirectory: config.dataDirectory, logger: logger)
        var channels: [String: any Channel] = [:]
        for channel in config.channels {
            guard let url = channel.url else {
                logger.warning("alert channel inert: its URL is not set", metadata: ["channel": "\(channel.name)", "from": "\(channel.urlOrigin)"])
                continue
            }
            channels[channel.name] = WebhookChannel(name: channel.name, url: url, client: client, policy: Self.policy(config, allowPrivate: config.allowPrivateNetworks))
        }
        self.channels = channels
        rules = config.itemRules.map {
            ItemAlertRule(name: $0.name, minScore: $0.minScore, topics: $0.topics, sources: $0.sources, channels: $0.channels.filter { channels[$0] != nil })
        }
    }

    static func policy(_ config: Config, allowPrivate: Bool) -> ConnectionPolicy {
        ConnectionPolicy(allowPrivateNetworks: allowPrivate, userAgent: config.userAgent ?? UserAgent.default)
    }

    /// Fetches `source` once and processes what it returns. Never throws: failures are
    /// logged with the source id and recorded in its state; the next poll retries.
    public func poll(_ source: Config.Source) async {
        let state = states.state(of: source.id)
        var headers: [(name: String, value: String)] = []
        if let etag = state.etag { headers.append(("If-None-Match", etag)) }
        if let modified = state.lastModified { headers.append(("If-Modified-Since", modified)) }
        let request = HTTPRequest(
            url: source.url, headers: headers,
            limits: TransferLimits(connectTimeout: min(10, source.timeout), totalTimeout: source.timeout, maxBodyBytes: source.maxBytes),
            policy: Self.policy(config, allowPrivate: source.allowPrivateNetworks))
        let started = Date()
        do {
            let response = try await client.send(request)
            try await handle(response, source: source, fetched: started)
        } catch {
            fail(source, "\(error)")
        }
    }

    private func handle(_ response: HTTPResponse, source: Config.Source, fetched: Date) async throws {
        switch response.status {
        case 304:
            logger.debug("not modified", metadata: ["source": "\(source.id)"])
            succeed(source, response: response)
        case 200..<300:
            let parser = FeedParser(dates: FeedDateParser(timeZone: source.timeZone, now: fetched))
            let feed = try parser.parse(response.body, contentType: response.headers["Content-Type"], baseURL: response.effectiveURL)
            if !feed.wellformed {
                logger.warning("feed not well-formed, recovered", metadata: ["source": "\(source.id)", "why": "\(feed.warnings.prefix(3).joined(separator: "; "))"])
            }
            try await store(feed, source: source, fetched: fetched)
            succeed(source, response: response)
        default:
            fail(source, "HTTP \(response.status)")
        }
    }

    /// Order matters for durability: the items' segment is fsynced first, then their alerts
    /// are persisted in the outbox, and only then are the ids recorded as seen.
    private func store(_ feed: ParsedFeed, source: Config.Source, fetched: Date) async throws {
        var fresh: [StoredItem] = []
        var batchIDs = Set<String>()
        for entry in feed.entries {
            let item = Item(entry: entry, sourceID: source.id, fetched: fetched)
            guard !states.hasSeen(item.id, source: source.id), batchIDs.insert(item.id).inserted else { continue }
            fresh.append(StoredItem(ScoredItem(item: item, scorer: scorer)))
        }
        logger.info("fetched", metadata: ["source": "\(source.id)", "entries": "\(feed.entries.count)", "new": "\(fresh.count)", "encoding": "\(feed.encoding)"])
        guard !fresh.isEmpty else { return }
        try writer.append(fresh, at: fetched)  // durable when this returns
        let notifications = fresh.flatMap { item in rules.flatMap { $0.notifications(for: item) } }
        if !notifications.isEmpty {
            try await outbox.enqueue(notifications)
        }
        states.update(source.id) { $0.remember(fresh.map(\.id)) }
        try states.save()
    }

    private func succeed(_ source: Config.Source, response: HTTPResponse) {
        states.update(source.id) { state in
            if response.status != 304 {
                state.etag = response.headers["ETag"]
                state.lastModified = response.headers["Last-Modified"]
            }
            state.lastSuccess = Date()
            state.lastError = nil
            state.consecutiveFailures = 0
        }
        saveStates()
    }

    private func fail(_ source: Config.Source, _ message: String) {
        logger.error("fetch failed, will retry on schedule", metadata: ["source": "\(source.id)", "error": "\(message)"])
        states.update(source.id) { state in
            state.lastError = message
            state.consecutiveFailures += 1
        }
        saveStates()
    }

    private func saveStates() {
        do {
            try states.save()
        } catch {
            logger.error("cannot write source state", metadata: ["error": "\(error)"])
        }
    }

    /// Closes the one crash window of `store`: items whose segment write was durable but
    /// whose alerts may not have reached the outbox get their notifications again. The
    /// outbox drops ids it already holds; one already delivered may go out twice, with the
    /// same idempotency key, which is what at-least-once delivery promises.
    public func recoverAfterCrash() async {
        let items = states.recovered
        guard !items.isEmpty else { return }
        let notifications = items.flatMap { item in rules.flatMap { $0.notifications(for: item) } }
        logger.notice("recovered items stored just before an unclean stop", metadata: ["items": "\(items.count)", "alerts": "\(notifications.count)"])
        do {
            try await outbox.enqueue(notifications)
            try states.save()
        } catch {
            logger.error("cannot write recovered alerts", metadata: ["error": "\(error)"])
        }
    }

    /// Delivers due alerts from the outbox.
    public func deliverAlerts() async {
        await outbox.deliverDue(now: Date(), channels: channels)
    }

    /// Writes all state; called once at shutdown.
    public func flush() {
        saveStates()
    }
}
