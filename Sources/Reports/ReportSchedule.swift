import Foundation

/// When a scheduled report is due: `daily@08`, `daily@08:30`, `weekly@mon08`,
/// `weekly@fri17:30`, in the report rule's time zone.
public struct ReportSchedule: Sendable, Equatable {
    /// 1 = Sunday … 7 = Saturday (Calendar's numbering); nil for every day.
    public var weekday: Int?
    public var hour: Int
    public var minute: Int
    public var zone: TimeZone

    static let weekdays = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    public init(weekday: Int?, hour: Int, minute: Int, zone: TimeZone) {
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.zone = zone
    }

    public init?(_ text: String, zone: TimeZone) {
        self.zone = zone
        let lower = text.lowercased()
        var rest: Substring
        if lower.hasPrefix("daily@") {
            rest = lower.dropFirst(6)
        } else if lower.hasPrefix("weekly@"), let day = Self.weekdays[String(lower.dropFirst(7).prefix(3))] {
            weekday = day
            rest = lower.dropFirst(10)
        } else {
            return nil
        }
        var minute = 0
        if let colon = rest.firstIndex(of: ":") {
            guard let value = Int(rest[rest.index(after: colon)...]), (0...59).contains(value) else { return nil }
            minute = value
            rest = rest[..<colon]
        }
        guard (1...2).contains(rest.count), let hour = Int(rest), (0...23).contains(hour) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    private var calendar: Calendar { .gregorian(in: zone) }

    /// The last time the report was due at or before `date`.
    public func latest(atOrBefore date: Date) -> Date {
        let calendar = calendar
        let day = calendar.startOfDay(for: date)
        for back in 0...8 {
            guard let candidateDay = calendar.date(byAdding: .day, value: -back, to: day),
                let candidate = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: candidateDay)
            else { continue }
            if let weekday, calendar.component(.weekday, from: candidate) != weekday { continue }
            if candidate <= date { return candidate }
        }
        return date  // unreachable: a week back always holds one
    }

    /// The span a report of this schedule covers unless the rule says otherwise.
    public var defaultSpan: TimeInterval { weekday == nil ? 86400 : 7 * 86400 }

    /// 每日 08:00, 每周一 08:00.
    public var label: String {
        let names = ["日", "一", "二", "三", "四", "五", "六"]
        let time = String(format: "%02d:%02d", hour, minute)
        return weekday.map { "每周\(names[($0 - 1) % 7]) \(time)" } ?? "每日 \(time)"
    }
}
