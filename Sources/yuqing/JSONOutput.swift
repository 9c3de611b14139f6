import Daemon
import Foundation
import Storage

/// JSON as the CLI prints it: the coding of the stored files (sorted keys, ISO-8601 UTC
/// dates, slashes and CJK unescaped), one object per line.
enum JSONOutput {
    static func string(_ value: some Encodable) throws -> String {
        String(decoding: try RecordCoding.encoder().encode(value), as: UTF8.self)
    }
}

/// Local time as analysts read it: `2026-11-26 10:05`, in Asia/Shanghai unless TZ says otherwise.
enum DisplayTime {
    static func string(_ date: Date, zone: TimeZone = displayZone) -> String {
        formatters.string(date, zone: zone)
    }

    static var displayZone: TimeZone { Config.displayZone }

    /// One formatter per zone: making a `DateFormatter` (an ICU formatter behind it) for
    /// every printed line was a third of `yuqing items` over a large store.
    private static let formatters = Formatters()

    private final class Formatters: @unchecked Sendable {
        private let lock = NSLock()
        private var byZone: [String: DateFormatter] = [:]

        func string(_ date: Date, zone: TimeZone) -> String {
            lock.withLock {
                if let formatter = byZone[zone.identifier] { return formatter.string(from: date) }
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = zone
                formatter.dateFormat = "yyyy-MM-dd HH:mm"
                byZone[zone.identifier] = formatter
                return formatter.string(from: date)
            }
        }
    }
}
