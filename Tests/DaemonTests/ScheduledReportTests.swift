import Daemon
import Alerting
import Foundation
import Logging
import Testing
import Transport
import YuqingTesting

/// `kind: report` in the daemon on a manual clock: at the scheduled time the report is
/// written, mailed through a real SMTP server (HTML body with its charts as inline PNG
/// parts, the .docx attached, which LibreOffice opens) and summarised to a robot; a
/// restart neither repeats nor forgets it.
@Suite(.serialized)
struct ScheduledReportTests {
    struct Mail: Decodable {
        var subject: String
        var content_type: String
        var parts: [Part]

        struct Part: Decodable {
            var type: String
            var text: String
            var cid: String?
            var filename: String?
            var disposition: String?
            var saved: String?
        }
    }

    struct Call: Decodable {
        var path: String
        var payload: [String: AnyDecodable]?
        var key: String?
    }

    /// Any JSON value, kept as its text.
    struct AnyDecodable: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(String.self) { text = value }
            else if let value = try? container.decode([String: AnyDecodable].self) { text = value.map { "\($0.key)=\($0.value.text)" }.joined(separator: "\n") }
            else { text = "" }
        }
    }

    @Test func aDailyReportIsMailedAndSummarisedOnce() async throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = Date()
        let nextHour = try #require(calendar.nextDate(after: start, matching: DateComponents(minute: 0), matchingPolicy: .nextTime))
        let hour = calendar.component(.hour, from: nextHour)

        let directory = try TemporaryDirectory("scheduled-report")
        let server = try await PythonServer(script: "alert_receivers.py", directory: directory.url)
        defer { server.stop() }
        let http = "http://127.0.0.1:\(server.ports["http"] ?? 0)"
        let fixture = try await ReplayedData(seed: 31, extra: """
            alerts:
              channels:
                mail: { type: email, smtp: "smtp://127.0.0.1:\(server.ports["smtp_plain"] ?? 0)", from: yuqing@example.cn, to: [leader@example.cn], starttls: optional }
                robot: { type: wecom, url: "\(http)/wecom" }
              rules:
                - { name: 早报, kind: report, schedule: "daily@\(String(format: "%02d", hour))", send: [mail, robot] }
            """)
        let config = try ConfigLoader.load(path: fixture.config.path)
        let clock = ManualClock(start)
        let client = try HTTPClient(maxConnections: 4, maxConnectionsPerHost: 2)
        defer { client.shutdown() }
        // The fixture's replay of the last two days wrote those days' reports, and the state
        // that says so: the daemon on its directory repeats none of them.
        let reportsDirectory = fixture.data.appendingPathComponent("reports").path
        let replayed = try FileManager.default.contentsOfDirectory(atPath: reportsDirectory)
        #expect(!replayed.isEmpty && replayed.allSatisfy { $0.hasPrefix("早报-") }, "\(replayed)")
        var pipeline: Pipeline? = try Pipeline(config: config, client: client, logger: Logger(label: "test"), clock: clock)
        await pipeline?.tick()
        #expect(try FileManager.default.contentsOfDirectory(atPath: reportsDirectory).count == replayed.count, "nothing is due on the first look")

        clock.set(nextHour.addingTimeInterval(1))
        await pipeline?.tick()
        await pipeline?.deliverAlerts()
        let mails = try server.read([Mail].self, from: "mail.json")
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.subject.hasPrefix("【早报】舆情日报"), "\(mail.subject)")
        #expect(mail.content_type == "multipart/mixed")
        let html = try #require(mail.parts.first { $0.type == "text/html" })
        #expect(html.text.contains("总体概况") && html.text.contains("src=\"cid:chart-0@yuqing\""))
        let images = mail.parts.filter { $0.type == "image/png" }
        #expect(!images.isEmpty && images.allSatisfy { $0.disposition == "inline" && ($0.cid ?? "").hasPrefix("<chart-") })
        #expect(images.count == html.text.components(separatedBy: "cid:chart-").count - 1, "every chart the body shows is a part")
        let docx = try #require(mail.parts.first { $0.filename?.hasSuffix(".docx") == true })
        #expect(docx.disposition == "attachment" && docx.filename?.hasPrefix("舆情日报-") == true, "\(docx.filename ?? "")")
        let copy = directory.file("attached.docx").path
        try FileManager.default.copyItem(atPath: try #require(docx.saved), toPath: copy)
        let text = try await Office.pdfText(ofDocx: copy).filter { !$0.isWhitespace }
        #expect(text.contains("舆情日报") && text.contains("话题态势"))

        let calls = try server.read([Call].self, from: "calls.json").filter { $0.path == "/wecom" }
        #expect(calls.count == 1)
        let summary = calls.first?.payload?["markdown"]?.text ?? calls.first?.payload?["text"]?.text ?? ""
        #expect(summary.contains("概况") && summary.contains("重点") && summary.contains("信息源"), "\(summary)")

        // A restart after the report: nothing again until the next day's time.
        pipeline = nil
        clock.set(nextHour.addingTimeInterval(30))
        let restarted = try Pipeline(config: config, client: client, logger: Logger(label: "test"), clock: clock)
        await restarted.tick()
        await restarted.deliverAlerts()
        #expect(try server.read([Mail].self, from: "mail.json").count == 1)
        clock.set(nextHour.addingTimeInterval(86400 + 1))
        await restarted.tick()
        await restarted.deliverAlerts()
        #expect(try server.read([Mail].self, from: "mail.json").count == 2)
        let reports = try FileManager.default.contentsOfDirectory(atPath: reportsDirectory)
        #expect(reports.count == replayed.count + 2 && reports.allSatisfy { $0.hasPrefix("早报-") }, "\(reports)")
    }
}
