import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A directory of JSON Lines files, one per UTC day (`YYYY-MM-DD.jsonl`), appended to and
/// deleted by age: the rank history of hot lists and the alert log.
public struct DayFiles: Sendable {
    public let directory: String
    /// False only for scratch directories (`yuqing replay`): appends are not fsynced.
    public let durable: Bool

    public init(directory: String, durable: Bool = true) {
        self.directory = directory
        self.durable = durable
    }

    /// `2026-12-07` for a time on that UTC day.
    public static func day(_ time: Date) -> String {
        String(SegmentName.name(day: time, sequence: 0).prefix(10))
    }

    /// Appends `bytes` (whole lines) to `day`'s file in one write, fsynced when durable.
    public func append(_ bytes: [UInt8], day: String) throws {
        try SystemCall.makeDirectory(directory)
        let path = directory + "/" + day + ".jsonl"
        let fd = try SystemCall.check("open", path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640) }
        defer { close(fd) }
        try SystemCall.writeAll(fd, bytes, path: path)
        if durable { try SystemCall.check("fsync", path) { fsync(fd) } }
    }

    /// The lines of the days from `first` through `last` (nil: every later day), oldest
    /// day first; nil when there is no such day's file.
    public func lines(from first: String, through last: String? = nil) -> [Data]? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { name in
                let day = String(name.prefix(10))
                return name.hasSuffix(".jsonl") && day >= first && last.map { day <= $0 } ?? true
            }
            .sorted()
        guard !names.isEmpty else { return nil }
        return names.flatMap { name in
            (FileManager.default.contents(atPath: directory + "/" + name) ?? Data()).split(separator: 0x0A).map { Data($0) }
        }
    }

    /// Deletes days that ended more than `maxAge` before `now`; returns their names.
    @discardableResult
    public func applyRetention(maxAge: TimeInterval, now: Date) throws -> [String] {
        let cutoff = Self.day(now.addingTimeInterval(-maxAge))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") && String($0.prefix(10)) < cutoff }
        for name in names { try FileManager.default.removeItem(atPath: directory + "/" + name) }
        return names
    }
}
