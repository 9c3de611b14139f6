import Alerting
import Foundation
import Logging
import Queries
import Storage
import Testing
import YuqingTesting

/// The alert log: a report counts a busy day's alerts whole, where `state/sent.json` keeps
/// only the last 500; days past the retention go.
struct AlertLogTests {
    @Test func aDayOfSevenHundredAlertsIsCountedWhole() async throws {
        let scratch = try TemporaryDirectory("alert-log")
        let data = scratch.path
        let outbox = try Outbox(dataDirectory: data, logger: Logger(label: "test"))
        let day = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01 00:00 UTC
        // 700 alerts over the day, one every two minutes, each delivered when due.
        let channel = RecordingChannel()
        for minute in stride(from: 0, to: 1400, by: 2) {
            let created = day.addingTimeInterval(Double(minute) * 60)
            let notification = Alerting.Notification(
                id: "k\(minute)", rule: "条目", channel: "test", created: created, title: "告警 \(minute)", text: "", fields: [:])
            try await outbox.enqueue([notification])
            #expect(await outbox.deliverDue(now: created, channels: ["test": channel]) == 1)
        }
        // Two folded into a trend alert: recorded, not sent.
        var folded = Alerting.Notification(id: "f1", rule: "条目", channel: "test", created: day.addingTimeInterval(600), title: "并入", text: "", fields: [:])
        folded.silencedBy = "inhibited:trend:汛情上升/汛情"
        await outbox.record([folded])

        let sentFile = try #require(try Outbox.stored(dataDirectory: data).sent)
        #expect(sentFile.count == Outbox.sentKept, "sent.json keeps the last 500")
        let report = try AlertQuery(since: day, until: day.addingTimeInterval(86400), limit: .max).run(dataDirectory: data)
        #expect(report.rows.filter { $0.state == .sent }.count == 700)
        #expect(report.rows.filter { $0.state == .silenced }.map(\.notification.id) == ["f1"])
        // The day before is empty, and `yuqing alerts` (no span) still reads sent.json.
        #expect(try AlertQuery(since: day.addingTimeInterval(-86400), until: day, limit: .max).run(dataDirectory: data).rows.isEmpty)
        #expect(try AlertQuery(limit: .max).run(dataDirectory: data).rows.count == Outbox.sentKept)

        // A torn last line (a crash mid-append) costs that line only.
        let path = data + "/alerts/2026-12-01.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"id\":\"torn".utf8))
        try handle.close()
        #expect(try AlertLog(dataDirectory: data).notifications(since: day, until: nil)?.count == 701)

        // Retention: the day goes once it ended more than the retention before now.
        let log = AlertLog(dataDirectory: data)
        #expect(try log.applyRetention(maxAge: 2 * 86400, now: day.addingTimeInterval(2 * 86400)).isEmpty)
        #expect(try log.applyRetention(maxAge: 2 * 86400, now: day.addingTimeInterval(3 * 86400)) == ["2026-12-01.jsonl"])
        #expect(try log.notifications(since: day, until: nil) == nil)
    }
}
