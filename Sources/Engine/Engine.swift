import Alerting
import Analysis
import Feeds
import Foundation
import Storage

/// The clock-free core of yuqing: scoring, story assignment, trend, spread and
/// source-failure tracking, alert rules with inhibition, silences and templates.
///
/// Time arrives only as the `at:` of each call; the engine reads no clock, file or
/// socket. The daemon drives it from polls and a one-second tick on the wall clock,
/// `yuqing replay` from a recorded stream on the recorded times, the tests on any clock
/// they like — and all three get the same decisions for the same input.
///
/// Storing items is two steps so that nothing counts before it is durable: `prepare`
/// scores and clusters a batch, the caller appends it to its `ItemStore`, then `commit`
/// counts it and returns the alert decisions. `ingest` does both for callers whose store
/// cannot fail in between.
public struct Engine: Sendable {
    public private(set) var settings: EngineSettings
    var scorer: TopicScorer
    private var topicNames: [String]
    /// Recent fingerprints → stories.
    public private(set) var stories = StoryIndex()
    var trends = TrendTracker()
    var spread = SpreadTracker()
    var health = SourceHealthTracker()
    var hotLists = HotListTracker()
    /// When each scheduled report last came due.
    public private(set) var reports = ReportScheduler()
    /// The last hour boundary at which memory was compacted.
    private var lastCompaction: Int?

    public init(settings: EngineSettings) {
        self.settings = settings
        scorer = TopicScorer(topics: settings.topics, foldTraditional: settings.foldTraditional, judgement: settings.judgement)
        topicNames = Self.seriesNames(settings)
    }

    /// The series trend rules are evaluated on: every topic, and `话题/负面` when a trend
    /// rule watches negative stories.
    static func seriesNames(_ settings: EngineSettings) -> [String] {
        let names = settings.topics.map(\.name)
        return settings.rules.trends.contains(where: \.negativeOnly) ? names + names.map(TopicSeries.negativeKey) : names
    }

    /// Takes a reloaded configuration; stories, series, spread and failures stay.
    public mutating func apply(_ settings: EngineSettings) {
        self = Engine(replacing: self, with: settings)
    }

    private init(replacing old: Engine, with settings: EngineSettings) {
        self = old
        self.settings = settings
        scorer = settings.topics == old.settings.topics && settings.foldTraditional == old.settings.foldTraditional
            && settings.judgement == old.settings.judgement
            ? old.scorer : TopicScorer(topics: settings.topics, foldTraditional: settings.foldTraditional, judgement: settings.judgement)
        topicNames = Self.seriesNames(settings)
    }

    /// The scheduled reports that came due by `now` (see `ReportScheduler`); the caller
    /// builds and sends them, and reports a failure with `reportFailed`.
    public mutating func dueReports(at now: Date) -> [ReportDue] {
        reports.due(settings.rules.reports, at: now)
    }

    public mutating func reportFailed(_ report: ReportDue, previous: Date, at now: Date) {
        reports.failed(report, previous: previous, at: now)
    }

    /// When each report rule last came due, as saved before a restart.
    public mutating func restoreReports(_ lastDue: [String: Date]) {
        reports = ReportScheduler(lastDue: lastDue)
    }

    /// New silences (from `yuqing silence`); they apply to decisions from now on.
    public mutating func setSilences(_ silences: [Silence]) {
        settings.silences = silences
    }

    /// Rebuilds stories (snapshot plus what was stored after it), spread and trend series
    /// from `store` as they were at `now`.
    public mutating func restore(from store: any ItemStore, at now: Date) throws {
        let snapshot = store.loadStories(horizon: StoryIndex().horizon, now: now)
        stories = snapshot?.0 ?? StoryIndex()
        let spreadSince = now.addingTimeInterval(-spreadMemory)
        let storySince = now.addingTimeInterval(-stories.horizon)
        try store.forEach(after: snapshot?.1, since: storySince) { item in
            guard let hex = item.simhash, let fingerprint = UInt64(hex, radix: 16) else { return }
            // A story's first item gets all its fingerprints back (its lede and title for
            // edited reposts to join); a repost that joined it needs only its own.
            if item.opens == true {
                stories.insert(StoryFingerprints(title: item.title, summary: item.summary), story: item.story, time: item.fetched)
            } else {
                stories.insert(fingerprint, story: item.story, time: item.fetched)
            }
        }
        spread.reset()
        try store.forEach(after: nil, since: spreadSince) { item in
            if item.fetched >= spreadSince { spread.restore(item) }
        }
        spread.markAnnounced(rules: settings.rules.spreads, now: now)
        try trends.rebuild(from: store, now: now)
    }

    /// A failing source as persisted before a restart.
    public mutating func restoreFailure(source: String, name: String, since: Date, error: String?, announced: Bool) {
        health.restore(source: source, name: name, since: since, error: error, announced: announced)
    }

    /// Scores `items` and assigns their stories: what to store. Repeated ids within the
    /// batch are dropped (ids seen in earlier batches are the caller's to drop).
    public mutating func prepare(_ items: [Item], at now: Date) -> [StoredItem] {
        var ids = Set<String>()
        var prepared: [StoredItem] = []
        prepared.reserveCapacity(items.count)
        for item in items where ids.insert(item.id).inserted {
            let scored = ScoredItem(item: item.titled, scorer: scorer, stories: &stories, sourceRegion: settings.sourceRegions[item.sourceID])
            prepared.append(StoredItem(scored, tier: settings.tiers[item.sourceID]))
        }
        return prepared
    }

    /// Counts stored items and decides their alerts: ends of buckets passed before `now`
    /// first, then an early look at rising topics, then item rules (folded into an active
    /// trend of their topic) and spread rules.
    public mutating func commit(_ items: [StoredItem], at now: Date) -> [Decision] {
        var decisions = tick(at: now)
        guard !items.isEmpty else { return decisions }
        trends.add(items, now: now, counting: !settings.sharedCounts)
        decisions += decide(trends.evaluateEarly(topics: topicNames, rules: settings.rules.trends, now: now), at: now)
        let spreading = spread.add(items, rules: settings.rules.spreads, now: now)
        decisions += itemDecisions(for: items, at: now)
        decisions += decide(spreading, at: now)
        return decisions
    }

    /// `prepare` and `commit` in one step; returns what to store and the decisions.
    public mutating func ingest(_ items: [Item], at now: Date) -> (store: [StoredItem], decisions: [Decision]) {
        let prepared = prepare(items, at: now)
        return (prepared, commit(prepared, at: now))
    }

    /// Advances to `now`: every 5-minute bucket that ended since the last call is judged at
    /// its end (so the decisions do not depend on how often `tick` runs), failing sources
    /// whose time has come are announced, and memory is compacted hourly.
    public mutating func tick(at now: Date) -> [Decision] {
        var decisions: [Decision] = []
        let current = Int(now.timeIntervalSince1970) / TrendTracker.bucket
        let first = trends.lastEvaluatedBucket.map { $0 + 1 } ?? current
        for bucket in max(first, current - TrendTracker.horizon / TrendTracker.bucket)...max(first, current) where bucket <= current {
            let end = Date(timeIntervalSince1970: Double(bucket * TrendTracker.bucket))
            decisions += decide(trends.evaluate(topics: topicNames, rules: settings.rules.trends, now: end), at: end)
            compactIfDue(bucket: bucket, at: end)
        }
        decisions += decide(health.due(now: now, rules: settings.rules.sources), at: now)
        return decisions
    }

    /// The cluster's new-story counts (topic → 5-minute bucket number → stories) for every
    /// bucket from `first` on, replacing what the engine held there (with
    /// `EngineSettings.sharedCounts`, the only counts it has). Rules see them at the next
    /// `tick` or `commit`.
    public mutating func adoptSharedCounts(_ counts: [String: [Int: Int]], from first: Int, at now: Date) {
        trends.adopt(counts, from: first, now: now)
    }

    /// Cluster mode: this node's stories a spread rule could still fire on (the cluster is
    /// asked for their sources), nil without spread rules.
    public func spreadCandidates(at now: Date) -> [String]? {
        settings.rules.spreads.isEmpty ? nil : spread.candidates(rules: settings.rules.spreads, now: now)
    }

    /// Cluster mode: the sources every node stored for this node's stories (story → source
    /// → first seen); returns the decisions of spread rules that hold now that a story's
    /// sources across the cluster are counted, not only this node's.
    public mutating func adoptSharedSpread(_ sources: [String: [String: Date]], at now: Date) -> [Decision] {
        decide(spread.merge(sources, rules: settings.rules.spreads, now: now), at: now)
    }

    /// A failed poll of `source`; returns the failing notices that are now due.
    public mutating func sourceFailed(_ source: String, name: String, error: String, at now: Date) -> [Decision] {
        decide(health.failed(source: source, name: name, error: error, now: now, rules: settings.rules.sources), at: now)
    }

    /// A successful poll of `source`; returns the recovery notice of an announced failure.
    public mutating func sourceSucceeded(_ source: String, at now: Date) -> [Decision] {
        decide(health.recovered(source: source, now: now, rules: settings.rules.sources), at: now)
    }

    /// True when the current failure of `source` has been announced.
    public func failureAnnounced(_ source: String) -> Bool { health.isAnnounced(source) }

    /// Topics with a trend alert in progress (their item alerts are folded into it).
    public var activeTrendTopics: Set<String> { Set(trends.activeEpisodes.keys) }

    /// Each topic's signal at the last end of a bucket.
    public var trendSignals: [String: TrendSignal] { trends.signals }

    /// New stories of `topic` per complete bucket up to `now` (at most the horizon).
    public func storySeries(_ topic: String, now: Date) -> [Int] { trends.series(topic, now: now) }

    /// How long stories' sources are remembered: the longest spread rule, at least 6 hours
    /// (an item alert's severity counts the sources of its story).
    var spreadMemory: TimeInterval { max(settings.rules.spreadHorizon, 6 * 3600) }

    private mutating func compactIfDue(bucket: Int, at end: Date) {
        let hour = bucket / 12
        guard lastCompaction != hour else { return }
        lastCompaction = hour
        stories.compact(now: end)
        spread.compact(horizon: spreadMemory, now: end)
        trends.compact(now: end)
    }
}
