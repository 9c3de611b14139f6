import Foundation
import Reports
import Testing

@testable import Engine

/// When scheduled reports come due: schedules as written, the first look, once per
/// scheduled time, only the latest after a long stop, and a retry after a failure.
struct ReportSchedulerTests {
    let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    /// 2026-12-07 (a Monday) at `hour`:`minute` in Shanghai.
    func monday(_ hour: Int, _ minute: Int = 0, plusDays days: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: 2026, month: 12, day: 7 + days, hour: hour, minute: minute)) ?? .distantPast
    }

    @Test func schedulesReadAsWritten() throws {
        let daily = try #require(ReportSchedule("daily@08", zone: zone))
        #expect(daily.weekday == nil && daily.hour == 8 && daily.minute == 0 && daily.label == "每日 08:00" && daily.defaultSpan == 86400)
        let weekly = try #require(ReportSchedule("weekly@mon08:30", zone: zone))
        #expect(weekly.weekday == 2 && weekly.minute == 30 && weekly.label == "每周一 08:30" && weekly.defaultSpan == 7 * 86400)
        for bad in ["daily", "daily@", "daily@24", "daily@08:60", "weekly@08", "weekly@xyz08", "hourly@08", "daily@08:5x"] {
            #expect(ReportSchedule(bad, zone: zone) == nil, "\(bad)")
        }
        #expect(ReportSchedule("daily@8", zone: zone) == daily)
        #expect(daily.latest(atOrBefore: monday(7, 59)) == monday(8, plusDays: -1))
        #expect(daily.latest(atOrBefore: monday(8)) == monday(8))
        #expect(weekly.latest(atOrBefore: monday(8, 29)) == monday(8, 30, plusDays: -7))
        #expect(weekly.latest(atOrBefore: monday(9, plusDays: 3)) == monday(8, 30))
    }

    @Test func dueOncePerScheduledTime() throws {
        let rule = ReportRule(name: "日报", schedule: try #require(ReportSchedule("daily@08", zone: zone)), span: 86400, topics: [], channels: ["mail"])
        var scheduler = ReportScheduler()
        #expect(scheduler.due([rule], at: monday(8, 30)).isEmpty, "the first look only notes the time")
        #expect(scheduler.due([rule], at: monday(9)).isEmpty)
        let due = scheduler.due([rule], at: monday(8, 0, plusDays: 1).addingTimeInterval(1))
        #expect(due == [ReportDue(rule: "日报", period: ReportPeriod(start: monday(8), end: monday(8, plusDays: 1)))])
        #expect(scheduler.due([rule], at: monday(8, 5, plusDays: 1)).isEmpty, "once")
        // Stopped for three days: only the latest report, covering the day before it.
        let later = scheduler.due([rule], at: monday(10, plusDays: 4))
        #expect(later.map(\.period.end) == [monday(8, plusDays: 4)])
        // A failure: due again five minutes later, not at the next tick.
        let failing = scheduler.due([rule], at: monday(8, 0, plusDays: 5).addingTimeInterval(1))
        let failed = try #require(failing.first)
        scheduler.failed(failed, previous: monday(8, plusDays: 4), at: monday(8, 0, plusDays: 5))
        #expect(scheduler.due([rule], at: monday(8, 1, plusDays: 5)).isEmpty)
        #expect(scheduler.due([rule], at: monday(8, 5, plusDays: 5)) == [failed])
    }
}
