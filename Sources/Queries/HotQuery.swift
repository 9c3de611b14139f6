import Foundation
import Storage

/// The hot lists as last polled, with each entry's movement since the poll before: what
/// `yuqing hot` shows.
public struct HotQuery: Sendable {
    public struct Row: Sendable, Encodable {
        public var rank: Int
        public var title: String
        public var url: String?
        public var hot: Double?
        /// Ranks gained since the previous poll (negative: fell); nil when new on the list.
        public var change: Int?
    }

    public struct List: Sendable, Encodable {
        public var source: String
        public var time: Date
        public var previous: Date?
        public var rows: [Row]
    }

    public var since: Date
    public var source: String?
    public var limit: Int

    public init(since: Date, source: String? = nil, limit: Int = 20) {
        self.since = since
        self.source = source
        self.limit = limit
    }

    public func run(dataDirectory: String) throws -> [List] {
        var polls: [String: [HotSnapshot]] = [:]
        for snapshot in try HotListLog(dataDirectory: dataDirectory).snapshots(since: since, source: source) {
            polls[snapshot.source, default: []].append(snapshot)
        }
        return polls.keys.sorted().compactMap { name -> List? in
            guard let snapshots = polls[name], let latest = snapshots.last else { return nil }
            let before = snapshots.dropLast().last
            let earlier = Dictionary((before?.entries ?? []).map { ($0.id, $0.rank) }, uniquingKeysWith: min)
            let rows = latest.entries.sorted { $0.rank < $1.rank }.prefix(limit).map { entry in
                Row(rank: entry.rank, title: entry.title, url: entry.url, hot: entry.hot, change: earlier[entry.id].map { $0 - entry.rank })
            }
            return List(source: name, time: latest.time, previous: before?.time, rows: Array(rows))
        }
    }
}
