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
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static var displayZone: TimeZone { Config.displayZone }
}
