import Alerting
import Foundation

/// A progress line on stderr for long commands (`replay`, `rescore`, `fsck`, `report`,
/// `items --contains`): done/total, records per second and time left, rewritten in place
/// at most five times a second. Only when stderr is a terminal and the process is not
/// under systemd: piped or logged output stays clean.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drawnWidth = 0
    private let lock = NSLock()

    /// A progress line when one should be shown, else nil.
    static func forTerminal(_ label: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, environment["INVOCATION_ID"] == nil, environment["JOURNAL_STREAM"] == nil,
            environment["TERM"] != "dumb"
        else { return nil }
        return ProgressLine(label: label)
    }

    init(label: String) {
        self.label = label
    }

    /// Reports `done` of `total` (bytes, or records) and `records` handled so far.
    func update(done: Int64, total: Int64, records: Int, unit: Unit = .bytes) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(200), done < total { return }
        lastDrawn = now
        let text = Self.text(label: label, done: done, total: total, records: records, elapsed: (now - started).inSeconds, unit: unit)
        let padding = String(repeating: " ", count: max(0, drawnWidth - text.count))
        drawnWidth = text.count
        FileHandle.standardError.write(Data(("\r" + text + padding).utf8))
    }

    /// Clears the line (the command's own output follows).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard drawnWidth > 0 else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: drawnWidth) + "\r").utf8))
        drawnWidth = 0
    }

    enum Unit { case bytes, records }

    /// `报告 42% 120.5/286.0 MB · 35,120 条/秒 · 剩余 0:05`
    static func text(label: String, done: Int64, total: Int64, records: Int, elapsed: Double, unit: Unit) -> String {
        let share = total > 0 ? Double(done) / Double(total) : 0
        let amount: String = switch unit {
        case .bytes: String(format: "%.1f/%.1f MB", Double(done) / 1_048_576, Double(total) / 1_048_576)
        case .records: "\(done)/\(total)"
        }
        var text = "\(label) \(Int(share * 100))% \(amount)"
        if elapsed > 0.05 { text += " · \(Int(Double(records) / elapsed)) 条/秒" }
        if share > 0.01, share < 1 {
            let left = Int((elapsed / share) * (1 - share))
            text += String(format: " · 剩余 %d:%02d", left / 60, left % 60)
        }
        return text
    }
}

/// Bytes of a list of segment files, and how many of them are done: the done/total of a
/// progress line over segments.
struct SegmentBytes {
    private var sizes: [String: Int64] = [:]
    private(set) var total: Int64 = 0
    private(set) var done: Int64 = 0

    init(_ paths: [String]) {
        for path in paths {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
            sizes[path] = size
            total += size
        }
    }

    mutating func finished(_ path: String) {
        done += sizes[path] ?? 0
    }
}
