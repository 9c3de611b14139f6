import Foundation
import Storage

#if canImport(Glibc)
import Glibc
#endif

/// Every notification delivered, folded or silenced, appended as one JSON line to
/// `<data>/alerts/YYYY-MM-DD.jsonl` (UTC day it was created) when the outbox records it.
/// `state/sent.json` keeps only the last `Outbox.sentKept` for `yuqing alerts`; a report
/// counts a day's alerts from here, so a day of thousands is counted whole. Days past the
/// storage retention are deleted with the segments. `jq` reads it as it reads the segments.
public struct AlertLog: Sendable {
    public let directory: String
    /// False only for scratch directories (`yuqing replay`): appends are not fsynced.
    public let durable: Bool

    public init(dataDirectory: String, durable: Bool = true) {
        directory = dataDirectory + "/alerts"
        self.durable = durable
    }

    /// Appends `notifications`, one write per day file, fsynced.
    public func append(_ notifications: [Notification]) throws {
        guard !notifications.isEmpty else { return }
        try SystemCall.makeDirectory(directory)
        let encoder = RecordCoding.encoder()
        var days: [String: [UInt8]] = [:]
        for notification in notifications {
            days[Self.day(notification.created), default: []] += Array(try encoder.encode(notification)) + [0x0A]
        }
        for (day, bytes) in days.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + day + ".jsonl"
            let fd = try SystemCall.check("open", path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640) }
            defer { close(fd) }
            try SystemCall.writeAll(fd, bytes, path: path)
            if durable { try SystemCall.check("fsync", path) { fsync(fd) } }
        }
    }

    /// The notifications created in `since..<until` (until: no end), in the order recorded;
    /// nil when the log holds no day of that span (a data directory from before the log).
    /// Lines that do not decode (a torn last line) are skipped.
    public func notifications(since: Date, until: Date?) throws -> [Notification]? {
        let first = Self.day(since), last = until.map(Self.day)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && String($0.prefix(10)) >= first && last.map { String($0.prefix(10)) <= $0 } ?? true }
            .sorted()
        guard !names.isEmpty else { return nil }
        let decoder = RecordCoding.decoder()
        var result: [Notification] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            for line in data.split(separator: 0x0A) {
                guard let notification = try? decoder.decode(Notification.self, from: Data(line)), notification.created >= since,
                    until.map({ notification.created < $0 }) ?? true
                else { continue }
                result.append(notification)
            }
        }
        return result
    }

    /// Deletes days that ended more than `maxAge` before `now`; returns their names.
    @discardableResult
    public func applyRetention(maxAge: TimeInterval, now: Date) throws -> [String] {
        let cutoff = Self.day(now.addingTimeInterval(-maxAge))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") && String($0.prefix(10)) < cutoff }
        for name in names { try FileManager.default.removeItem(atPath: directory + "/" + name) }
        return names
    }

    /// `2026-12-07` for a time on that UTC day.
    static func day(_ time: Date) -> String {
        String(SegmentName.name(day: time, sequence: 0).prefix(10))
    }
}
