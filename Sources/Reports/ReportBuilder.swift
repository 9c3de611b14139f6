import Analysis
import Foundation
import Queries
import Storage

/// Builds a `Report` from a data directory in one pass over the segments that hold the
/// period and the period before it, then the source states and the outbox files.
public struct ReportBuilder: Sendable {
    public var dataDirectory: String
    public var period: ReportPeriod
    /// The configured topics, in their configured order (topics only in the data follow).
    public var topics: [String]
    /// Only these topics (a 专报); empty for all.
    public var topicFilter: [String] = []
    public var sources: [SourceHealthQuery.Source]
    /// The deployment's home region: places inside it are broken down one level further.
    public var homeRegion: Int?
    public var zone: TimeZone
    public var storyLimit = 10
    /// Called after each segment with bytes read, bytes to read and records read.
    public var progress: (@Sendable (_ done: Int64, _ total: Int64, _ records: Int) -> Void)?

    public init(dataDirectory: String, period: ReportPeriod, topics: [String], sources: [SourceHealthQuery.Source], zone: TimeZone) {
        self.dataDirectory = dataDirectory
        self.period = period
        self.topics = topics
        self.sources = sources
        self.zone = zone
    }

    public func build(generated: Date) throws -> Report {
        var tally = ReportTally(period: period, topicFilter: topicFilter, homeRegion: homeRegion)
        let reader = SegmentReader(dataDirectory: dataDirectory)
        let paths = reader.segments(since: period.previousStart)
        let sizes = paths.map { path in ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0 }
        let total = sizes.reduce(0, +)
        var done: Int64 = 0
        var records = 0
        let decoder = RecordCoding.decoder()
        progress?(0, total, 0)
        for (path, size) in zip(paths, sizes) {
            try SegmentReader.forEach(inFile: path, decoder: decoder) { item in
                tally.add(item)
                records += 1
            }
            done += size
            progress?(done, total, records)
        }
        let alerts = try AlertQuery(since: period.previousStart, until: period.end, limit: .max).run(dataDirectory: dataDirectory)
        return try report(tally, alerts: alerts.rows, generated: generated)
    }

    /// Cluster mode: the items and alerts of every node, read from the cluster's database —
    /// `feed` hands each item since the period before this one to `add` — with each source's
    /// health from whichever node attempted it last (`sources`, the cluster's; this node's
    /// files where they are newer).
    public func build(
        generated: Date, alerts: [AlertQuery.Row], sources shared: [String: SourceHealthQuery.SharedState]? = nil,
        items feed: (_ add: (StoredItem) -> Void) async throws -> Void
    ) async throws -> Report {
        var tally = ReportTally(period: period, topicFilter: topicFilter, homeRegion: homeRegion)
        var records = 0
        try await feed { item in
            tally.add(item)
            records += 1
        }
        progress?(0, 0, records)
        let inPeriods = alerts.filter { $0.notification.created >= period.previousStart && $0.notification.created < period.end }
        return try report(tally, alerts: inPeriods, generated: generated, shared: shared)
    }

    private func report(_ tally: ReportTally, alerts: [AlertQuery.Row], generated: Date, shared: [String: SourceHealthQuery.SharedState]? = nil) throws -> Report {
        let health = try SourceHealthQuery(sources: sources).run(dataDirectory: dataDirectory, now: generated, shared: shared)
        return tally.report(title: title, topics: topics, health: health, alerts: alerts, generated: generated, zone: zone, storyLimit: storyLimit)
    }

    /// 舆情日报 / 舆情周报, or 舆情专报 when limited to topics.
    var title: String {
        topicFilter.isEmpty ? "舆情" + period.kindName : "舆情专报"
    }
}
