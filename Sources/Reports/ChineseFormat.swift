import Foundation

/// Dates, numbers and changes as Chinese readers expect them in a report: 2026年12月4日,
/// 12月4日 08:00, 12,345, 环比 ↑12.5%.
public struct ChineseFormat: Sendable {
    public var zone: TimeZone

    public init(zone: TimeZone) {
        self.zone = zone
    }

    private var calendar: Calendar { .gregorian(in: zone) }

    /// 2026年12月4日
    public func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 0)年\(parts.month ?? 0)月\(parts.day ?? 0)日"
    }

    /// 2026年12月4日 星期五
    public func dayWithWeekday(_ date: Date) -> String {
        let weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]
        let weekday = calendar.component(.weekday, from: date)
        return day(date) + " " + weekdays[(weekday - 1 + 7) % 7]
    }

    /// 12月4日 08:00
    public func time(_ date: Date) -> String {
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%d月%d日 %02d:%02d", parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// 08:00
    public func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// 2026年12月3日 08:00 至 12月4日 08:00 (the year once when both share it).
    public func span(_ period: ReportPeriod) -> String {
        let startYear = calendar.component(.year, from: period.start)
        let endYear = calendar.component(.year, from: period.end)
        let end = startYear == endYear ? time(period.end) : "\(endYear)年" + time(period.end)
        return "\(startYear)年" + time(period.start) + " 至 " + end
    }

    /// A chart bar's label: 08时 for hourly bars, 12/4 for daily and weekly ones.
    public func barLabel(_ date: Date, barSeconds: TimeInterval) -> String {
        let parts = calendar.dateComponents([.month, .day, .hour], from: date)
        return barSeconds < 86400 ? String(format: "%02d时", parts.hour ?? 0) : "\(parts.month ?? 0)/\(parts.day ?? 0)"
    }

    /// 12,345
    public static func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// 37.5%
    public static func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share * 100)
    }

    /// The change against the period before: ↑12.5%, ↓30.0%, 持平, 新增 (from zero), — (both zero).
    public static func change(_ change: Report.Change) -> String {
        if change.previous == 0 { return change.current == 0 ? "—" : "新增" }
        if change.current == change.previous { return "持平" }
        let ratio = Double(change.current - change.previous) / Double(change.previous)
        return (ratio > 0 ? "↑" : "↓") + percent(abs(ratio))
    }
}

extension Calendar {
    /// The Gregorian calendar in `zone`: how reports count days, hours and weekdays.
    static func gregorian(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
