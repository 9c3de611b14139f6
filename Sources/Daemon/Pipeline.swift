import Alerting
import Analysis
import Cluster
import Engine
import Feeds
import Foundation
import Logging
import Storage
import Transport

/// The daemon's side of the engine: fetch → parse → de-duplicate → `Engine.prepare` →
/// store durably → `Engine.commit` → outbox. An actor, so that state has a single writer;
/// fetches of different sources overlap while they wait on the network, and appends,
/// fsyncs and segment upkeep run on `BlockingWork`'s threads while the actor serves others.
/// Every decision comes from the engine; the pipeline only carries them out.
public actor Pipeline {
    /// What the configuration decides; replaced as a whole by `apply(_:)` on reload.
    struct Settings {
        var config: Config
        var channels: [String: any Channel]
        var fetcher: SourceFetcher
    }

    let client: any HTTPTransport
    let logger: Logger
    let clock: any WallClock
    let store: SegmentStore
    let states: SourceStateStore
    let outbox: Outbox
    var settings: Settings
    var config: Config { settings.config }
    var channels: [String: any Channel] { settings.channels }
    /// The clock-free core: scoring, stories, trends, spread, rules, silences, templates.
    var engine: Engine
    /// Stores between their segment write and remembering their ids (see `checkpoint`).
    var inFlight = 0
    /// Alerts of stored items that the outbox could not take yet.
    var unqueued: [Alerting.Notification] = []
    var polls = 0
    var lastStateSave = Date.distantPast
    var storedItems = 0
    /// The silences file's modification time when it was last read.
    var silencesStamp: Date?
    /// Held for the pipeline's life: a second daemon on the same directory refuses to start.
    private let lock: DataDirectoryLock
    /// Hosts that asked for a pause (429/503 with Retry-After).
    public let hostGate = HostGate()
    /// In cluster mode: what waits to be written to PostgreSQL, and this node's leases.
    public let clusterJournal: ClusterJournal?
    var membership: ClusterMembership?

    public init(config: Config, client: any HTTPTransport, logger: Logger, clock: any WallClock = SystemClock()) throws {
        let opening = ContinuousClock.now
        let now = clock.now()
        lock = try DataDirectoryLock(dataDirectory: config.dataDirectory)
        self.client = client
        self.logger = logger
        self.clock = clock
        store = try SegmentStore(dataDirectory: config.dataDirectory, maxSegmentBytes: config.segmentBytes, compress: config.compress)
        let report = try store.upkeep(limits: nil, now: now).maintenance
        if !report.isEmpty {
            logger.notice("storage recovery and upkeep", metadata: [
                "indexed": "\(report.indexed.joined(separator: ","))", "compressed": "\(report.compressed.joined(separator: ","))",
                "removed": "\(report.removed.joined(separator: ","))",
            ])
        }
        states = try SourceStateStore(dataDirectory: config.dataDirectory, recentSegments: SegmentReader(dataDirectory: config.dataDirectory), now: now)
        outbox = try Outbox(dataDirectory: config.dataDirectory, logger: logger)
        clusterJournal = config.cluster == nil ? nil : try ClusterJournal(dataDirectory: config.dataDirectory, logger: logger)
        settings = Self.settings(for: config, client: client, logger: logger, clock: clock)
        engine = Engine(settings: EngineSettings(config: config, channels: Set(settings.channels.keys)))
        try engine.restore(from: store, at: now)
        var lastPolls: [String: HotSnapshot] = [:]
        for snapshot in (try? HotListLog(dataDirectory: config.dataDirectory).snapshots(since: now.addingTimeInterval(-86400))) ?? [] {
            lastPolls[snapshot.source] = snapshot
        }
        for snapshot in lastPolls.values.sorted(by: { $0.time < $1.time }) { engine.restoreList(snapshot) }
        do {
            engine.restoreReports(try ScheduledReport.state(dataDirectory: config.dataDirectory).load() ?? [:])
        } catch {
            logger.error("cannot read the report schedule state; scheduled reports start from now", metadata: ["error": "\(error)"])
        }
        for source in config.sources {
            let state = states.state(of: source.id)
            guard let since = state.failingSince else { continue }
            engine.restoreFailure(source: source.id, name: source.name, since: since, error: state.lastError, announced: state.failureAlerted == true)
        }
        let elapsed = ContinuousClock.now - opening
        let seconds = elapsed.inSeconds
        logger.info("data directory opened", metadata: [
            "seconds": "\(String(format: "%.3f", seconds))", "segments": "\(store.footprint().parts)",
        ])
    }

    static func settings(for config: Config, client: any HTTPTransport, logger: Logger, clock: any WallClock) -> Settings {
        Settings(
            config: config, channels: ChannelFactory.channels(for: config, client: client, logger: logger, clock: clock),
            fetcher: SourceFetcher(config: config, client: client))
    }

    /// Takes a reloaded configuration: sources, topics, rules and channels change; fetch
    /// validators, seen ids, health, the engine's state and the outbox stay. The data
    /// directory cannot change while running (the caller refuses such a configuration).
    public func apply(_ newConfig: Config) {
        settings = Self.settings(for: newConfig, client: client, logger: logger, clock: clock)
        engine.apply(EngineSettings(config: newConfig, channels: Set(settings.channels.keys), silences: engine.settings.silences))
    }

    /// When `source` should be polled next, from its persisted health (nil: now).
    public func plannedPoll(of source: String) -> Date? {
        states.state(of: source).nextPoll
    }

    /// The health and validators of `source` as the pipeline knows them now.
    public func sourceState(_ source: String) -> SourceState { states.state(of: source) }

    /// The time now, by the pipeline's clock.
    public func now() -> Date { clock.now() }

    /// The channels as configured now (the cluster's delivery sends through them).
    public func currentChannels() -> [String: any Channel] { channels }

    /// Cluster mode: stored items and alert decisions go to `membership`'s journal.
    public func join(_ membership: ClusterMembership) { self.membership = membership }

    /// Cluster mode: the cluster's new-story counts from bucket `first` on, for the trend rules.
    public func adoptSharedCounts(_ counts: [String: [Int: Int]], from first: Int) {
        engine.adoptSharedCounts(counts, from: first, at: clock.now())
    }

    /// Cluster mode: the stories a spread rule could still fire on, and since when.
    public func spreadCandidates() -> (stories: [String], since: Date)? {
        let now = clock.now()
        guard let stories = engine.spreadCandidates(at: now) else { return nil }
        return (stories, now.addingTimeInterval(-engine.settings.rules.spreadHorizon))
    }

    /// Cluster mode: every node's sources of this node's stories; the spread alerts that
    /// now hold go the way of every decision (to the cluster, keyed by the cluster's story).
    public func adoptSharedSpread(_ sources: [String: [String: Date]]) async {
        let decisions = engine.adoptSharedSpread(sources, at: clock.now())
        guard !decisions.isEmpty else { return }
        await carryOut(decisions)
    }

    /// What the cluster's loops need of this pipeline.
    public nonisolated var clusterLink: ClusterEngineLink {
        ClusterEngineLink(
            channels: { await self.currentChannels() }, adoptCounts: { await self.adoptSharedCounts($0, from: $1) },
            spreadCandidates: { await self.spreadCandidates() }, adoptSpread: { await self.adoptSharedSpread($0) },
            sourceHealth: { await self.sourceHealth(changedFrom: $0) })
    }

    /// The health of every source attempted since `pushed` says (source → last attempt told).
    func sourceHealth(changedFrom pushed: [String: Date]) -> [String: SourceState] {
        var changed: [String: SourceState] = [:]
        for (source, state) in states.states {
            guard let attempted = state.lastAttempt, pushed[source] != attempted else { continue }
            changed[source] = ClusterSourceHealth.health(of: state)
        }
        return changed
    }

    /// `degraded_alerts: send` while PostgreSQL is unreachable: the alerts to send go to
    /// this node's own outbox now, and to the cluster marked as sent.
    func sendLocally(_ decisions: [ClusterDecision]) async -> [ClusterDecision] {
        let send = decisions.filter { $0.outcome == .send }.map(\.notification)
        guard !send.isEmpty else { return decisions }
        do {
            try await outbox.enqueue(send)
            logger.notice("cluster: PostgreSQL unreachable; alerts sent from this node (degraded_alerts: send)", metadata: ["alerts": "\(send.count)"])
            return decisions.map { decision in
                var marked = decision
                if marked.outcome == .send { marked.sentLocally = true }
                return marked
            }
        } catch {
            logger.error("cannot write the outbox; alerts held for the cluster", metadata: ["error": "\(error)"])
            return decisions
        }
    }

    /// Saves the story index with the position it covers (hourly and at shutdown).
    func saveStories() async {
        guard let position = store.position else { return }
        let (store, stories, logger) = (store, engine.stories, logger)
        do {
            try await BlockingWork.run { try store.saveStories(stories, position: position) }
        } catch {
            logger.error("cannot write the story index snapshot", metadata: ["error": "\(error)"])
        }
    }

    /// Queues the decisions to send and records the folded and silenced ones; in cluster
    /// mode hands them, with the items they concern, to the cluster's journal.
    func carryOut(_ decisions: [Decision], items: [StoredItem] = [], source: Config.Source? = nil) async {
        if let clusterJournal {
            // Every node judges trends on the shared counts; the holder of bucket 0 sends them.
            let leads = await membership?.leadsTrends ?? false
            let decisions = decisions.filter { leads || $0.notification.fields["kind"] != "trend" }
            var leases: [String: Lease] = [:]
            if let source, let lease = await membership?.lastLease(for: source.url) { leases[source.id] = lease }
            var shared = decisions.map(ClusterDecision.init)
            if config.cluster?.sendWhileDegraded == true, await membership?.isDegraded == true {
                shared = await sendLocally(shared)
            }
            await clusterJournal.append(ClusterBatch(items: items, decisions: shared, leases: leases))
            return
        }
        guard !decisions.isEmpty else { return }
        let send = decisions.filter { if case .send = $0.verdict { true } else { false } }.map(\.notification)
        let kept = decisions.filter { $0.recordedMark != nil }
        if !send.isEmpty {
            do {
                try await outbox.enqueue(send)
            } catch {
                // Held and retried each delivery round; the checkpoint stays put meanwhile,
                // so a crash still recovers the items' alerts from the segments.
                unqueued += send
                logger.error("cannot write the outbox; alerts held and retried", metadata: ["alerts": "\(send.count)", "error": "\(error)"])
            }
        }
        if !kept.isEmpty {
            await outbox.record(kept.map { decision in
                var notification = decision.notification
                notification.silencedBy = decision.recordedMark
                return notification
            })
        }
    }
}
