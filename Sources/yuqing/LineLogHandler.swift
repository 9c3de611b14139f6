import Foundation
import Logging

/// One line per event on standard error, as journald and people read it best:
/// `<3>fetch failed source=people-politics error="HTTP 500"` under systemd (the `<N>`
/// syslog priority prefix when `$JOURNAL_STREAM` says stderr goes to the journal, which adds
/// its own timestamps), `2026-11-26T10:05:00+0800 ERROR fetch failed source=…` in a terminal.
struct LineLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let toJournal: Bool

    init(level: Logger.Level, environment: [String: String] = ProcessInfo.processInfo.environment) {
        logLevel = level
        toJournal = environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = toJournal ? "<\(Self.priority(event.level))>" : "\(Self.timestamp()) \(event.level.rawValue.uppercased()) "
        line += event.message.description
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted("\(merged[key].map { "\($0)" } ?? "")"))"
        }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// syslog priorities: 2 critical, 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }

    /// logfmt quoting: bare when safe, else double-quoted with `"` and `\` escaped and line
    /// breaks written as `\n` (one event stays one line).
    static func quoted(_ value: String) -> String {
        let safe = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.isNewline }
        if safe { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"" + escaped + "\""
    }

    /// Local time with its offset (`$TZ`, else the system zone), as the operator reads it.
    static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(timeZone: .current))
    }
}
