import Foundation

#if canImport(Glibc)
import Glibc
#endif

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

    public init(dataDirectory: String) {
        directory = dataDirectory + "/hot"
    }

    public func append(_ snapshot: HotSnapshot) throws {
        try SystemCall.makeDirectory(directory)
        let path = directory + "/" + SegmentName.name(day: snapshot.time, sequence: 0).prefix(10) + ".jsonl"
        let line = Array(try RecordCoding.encoder().encode(snapshot)) + [0x0A]
        let fd = try SystemCall.check("open", path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640) }
        defer { close(fd) }
        try SystemCall.writeAll(fd, line, path: path)
        try SystemCall.check("fsync", path) { fsync(fd) }
    }

    /// Snapshots taken from `since` on (of `source` only, when given), oldest first; lines
    /// that do not decode (a torn last line) are skipped.
    public func snapshots(since: Date, source: String? = nil) throws -> [HotSnapshot] {
        let firstDay = SegmentName.name(day: since, sequence: 0).prefix(10)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && $0.prefix(10) >= firstDay }.sorted()
        let decoder = RecordCoding.decoder()
        var result: [HotSnapshot] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            for line in data.split(separator: 0x0A) {
                guard let snapshot = try? decoder.decode(HotSnapshot.self, from: Data(line)), snapshot.time >= since,
                    source.map({ $0 == snapshot.source }) ?? true
                else { continue }
                result.append(snapshot)
            }
        }
        return result
    }

    /// Deletes days that ended more than `maxAge` before `now`; returns their names.
    @discardableResult
    public func applyRetention(maxAge: TimeInterval, now: Date) throws -> [String] {
        let cutoff = SegmentName.name(day: now.addingTimeInterval(-maxAge), sequence: 0).prefix(10)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") && $0.prefix(10) < cutoff }
        for name in names { try FileManager.default.removeItem(atPath: directory + "/" + name) }
        return names
    }
}
