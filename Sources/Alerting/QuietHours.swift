import Foundation

/// A daily span during which a channel sends nothing, such as `22:00-07:00` in
/// Asia/Shanghai; what was held back goes out together (grouped) when it ends.
public struct QuietHours: Sendable, Equatable {
    /// Minutes after midnight.
    public var start: Int
    public var end: Int
    public var timeZone: TimeZone

    public init(start: Int, end: Int, timeZone: TimeZone) {
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// Reads `HH:MM-HH:MM`.
    public init?(_ text: String, timeZone: TimeZone) {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func minutes(_ part: String) -> Int? {
            let fields = part.split(separator: ":")
            guard fields.count == 2, let hour = Int(fields[0]), let minute = Int(fields[1]),
                (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            return hour * 60 + minute
        }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start != end else { return nil }
        self.init(start: start, end: end, timeZone: timeZone)
    }

    /// When the quiet span that contains `date` ends, or nil when `date` is not quiet.
    public func end(containing date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let now = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let quiet = start < end ? (now >= start && now < end) : (now >= start || now < end)
        guard quiet else { return nil }
        let midnight = calendar.startOfDay(for: date)
        var ending = midnight.addingTimeInterval(Double(end) * 60)
        if ending <= date { ending = calendar.date(byAdding: .day, value: 1, to: ending) ?? ending.addingTimeInterval(86400) }
        return ending
    }
}

/// A digest channel sends one summary per period instead of single messages: every
/// notification waits for the end of the hour, or for the daily hour (in `timeZone`).
public enum DigestSchedule: Sendable, Equatable {
    case hourly
    case daily(hour: Int, timeZone: TimeZone)

    /// Reads `hourly`, `daily` (08:00) or `daily@HH`.
    public init?(_ text: String, timeZone: TimeZone) {
        if text == "hourly" {
            self = .hourly
        } else if text == "daily" {
            self = .daily(hour: 8, timeZone: timeZone)
        } else if text.hasPrefix("daily@"), let hour = Int(text.dropFirst(6)), (0...23).contains(hour) {
            self = .daily(hour: hour, timeZone: timeZone)
        } else {
            return nil
        }
    }

    /// The first send time after `date`.
    public func next(after date: Date) -> Date {
        switch self {
        case .hourly:
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600 + 3600)
        case .daily(let hour, let timeZone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let today = calendar.startOfDay(for: date).addingTimeInterval(Double(hour) * 3600)
            return today > date ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? today.addingTimeInterval(86400)
        }
    }

    var label: String {
        switch self {
        case .hourly: "每小时摘要"
        case .daily: "每日摘要"
        }
    }
}
