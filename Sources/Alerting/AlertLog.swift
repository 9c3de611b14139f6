import Foundation
import Storage

/// Every notification delivered, folded or silenced, appended as one JSON line to
/// `<data>/alerts/YYYY-MM-DD.jsonl` (UTC day it was created) when the outbox records it.
/// `state/sent.json` keeps only the last `Outbox.sentKept` for `yuqing alerts`; a report
/// counts a period's alerts from here, so a day of thousands is counted whole. Days past
/// the storage retention are deleted with the segments. `jq` reads it as it reads the segments.
public struct AlertLog: Sendable {
    private let files: DayFiles

    /// `durable: false` only for scratch directories (`yuqing replay`): appends are not fsynced.
    public init(dataDirectory: String, durable: Bool = true) {
        files = DayFiles(directory: dataDirectory + "/alerts", durable: durable)
    }

    /// Appends `notifications`, one write per day file.
    public func append(_ notifications: [Notification]) throws {
        let encoder = RecordCoding.encoder()
        var days: [String: [UInt8]] = [:]
        for notification in notifications {
            days[DayFiles.day(notification.created), default: []] += Array(try encoder.encode(notification)) + [0x0A]
        }
        for (day, bytes) in days.sorted(by: { $0.key < $1.key }) { try files.append(bytes, day: day) }
    }

    /// The notifications created in `since..<until` (until nil: no end), in the order
    /// recorded; nil when the log holds no day of that span (a data directory from before
    /// the log). Lines that do not decode (a torn last line) are skipped.
    public func notifications(since: Date, until: Date?) throws -> [Notification]? {
        let decoder = RecordCoding.decoder()
        return files.lines(from: DayFiles.day(since), through: until.map(DayFiles.day))?.compactMap { line in
            guard let notification = try? decoder.decode(Notification.self, from: line), notification.created >= since,
                until.map({ notification.created < $0 }) ?? true
            else { return nil }
            return notification
        }
    }

    /// Deletes days that ended more than `maxAge` before `now`; returns their names.
    @discardableResult
    public func applyRetention(maxAge: TimeInterval, now: Date) throws -> [String] {
        try files.applyRetention(maxAge: maxAge, now: now)
    }
}
