import Foundation

/// One poll of a hot list: every entry with its rank and hot value, whether new or seen.
public struct HotSnapshot: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var url: String?
        public var rank: Int
        public var hot: Double?

        public init(id: String, title: String, url: String?, rank: Int, hot: Double?) {
            self.id = id
            self.title = title
            self.url = url
            self.rank = rank
            self.hot = hot
        }
    }

    public var time: Date
    public var source: String
    public var entries: [Entry]

    public init(time: Date, source: String, entries: [Entry]) {
        self.time = time
        self.source = source
        self.entries = entries
    }
}

/// Rank history: every poll of a hot list appended as one JSON line to
/// `<data>/hot/YYYY-MM-DD.jsonl` (UTC day of the poll), fsynced; days past the retention
/// are deleted. `zcat`/`jq` read it as they read the segments.
public struct HotListLog: Sendable {
    public let directory: String
    private let files: DayFiles

    public init(dataDirectory: String) {
        directory = dataDirectory + "/hot"
        files = DayFiles(directory: directory)
    }

    public func append(_ snapshot: HotSnapshot) throws {
        try files.append(Array(try RecordCoding.encoder().encode(snapshot)) + [0x0A], day: DayFiles.day(snapshot.time))
    }

    /// Snapshots taken from `since` on (of `source` only, when given), oldest first; lines
    /// that do not decode (a torn last line) are skipped.
    public func snapshots(since: Date, source: String? = nil) throws -> [HotSnapshot] {
        let decoder = RecordCoding.decoder()
        return (files.lines(from: DayFiles.day(since)) ?? []).compactMap { line in
            guard let snapshot = try? decoder.decode(HotSnapshot.self, from: line), snapshot.time >= since,
                source.map({ $0 == snapshot.source }) ?? true
            else { return nil }
            return snapshot
        }
    }

    /// Deletes days that ended more than `maxAge` before `now`; returns their names.
    @discardableResult
    public func applyRetention(maxAge: TimeInterval, now: Date) throws -> [String] {
        try files.applyRetention(maxAge: maxAge, now: now)
    }
}
