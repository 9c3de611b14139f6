import Foundation
import Testing
import YuqingTesting

/// `yuqing replay` on a small generated stream: a quiet day, then a burst.
struct ReplayTests {
    struct Alert: Decodable {
        var time: String
        var rule: String
        var kind: String
        var topic: String?
        var title: String
        var outcome: String
        var reason: String
    }

    static func stream(start: Date) -> String {
        var lines: [String] = []
        var number = 0
        func add(_ minute: Double, _ title: String, source: String = "site") {
            number += 1
            let seen = start.addingTimeInterval(minute * 60)
                .formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
            lines.append(#"{"seen":"\#(seen)","source":"\#(source)","id":"i\#(number)","title":"\#(title)","summary":"\#(title)的详细报道。"}"#)
        }
        // 30 hours of one flood story every 10 minutes, each with a distinct headline.
        let places = ["东城", "西城", "南山", "北湖", "中原", "江北", "河西", "山前", "湖滨", "云岭"]
        for step in 0..<180 { add(Double(step) * 10, "\(places[step % 10])第\(step)号暴雨预警发布情况通报\(step * 7919 % 1000)") }
        // Then a burst: 30 different flood stories within 10 minutes.
        for index in 0..<30 { add(1800 + Double(index) / 3, "突发\(index)号山洪灾情\(places[index % 10])村\(index * 131)户转移") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `stream(start:)` and a configuration of one source, the 汛情 topic, a webhook
    /// channel and `rules` into `directory`.
    static func flood(in directory: URL, start: Date, rules: [String]) throws -> (input: URL, config: URL) {
        let input = directory.appendingPathComponent("stream.jsonl")
        try stream(start: start).write(to: input, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(directory.appendingPathComponent("live").path) }
            sources: [ { id: site, url: "https://example.cn/rss" } ]
            topics: [ { name: 汛情, query: '暴雨 | 山洪' } ]
            alerts:
              channels: { hook: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules:
            \(rules.map { "    - " + $0 }.joined(separator: "\n"))
            """.write(to: config, atomically: true, encoding: .utf8)
        return (input, config)
    }

    @Test func aBurstAfterAQuietDayFiresATrendAlertAndFoldsItemAlerts() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let (input, config) = try Self.flood(in: directory, start: start, rules: [
            "{ name: 汛情上升, kind: trend, direction: [rising], send: [hook] }",
            "{ name: 汛情条目, kind: item, min_score: 0, send: [hook] }",
        ])
        let into = directory.appendingPathComponent("replay")
        let run = try await Harness.runCLI([
            "replay", "--config", config.path, input.path, "--into", into.path, "--json",
            "--detections", directory.appendingPathComponent("detections.jsonl").path,
        ])
        #expect(run.status == 0)
        let alerts = try run.output.split(separator: "\n").map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
        let trends = alerts.filter { $0.kind == "trend" && $0.outcome == "send" }
        #expect(trends.count == 1, "one trend alert for the burst: \(trends)")
        #expect(trends.first?.title == "【汛情上升】汛情 快速上升")
        let burstStart = start.addingTimeInterval(1800 * 60)
        let fired = try #require(trends.first.flatMap { try? Date($0.time, strategy: .iso8601) })
        #expect(fired > burstStart && fired <= burstStart.addingTimeInterval(15 * 60), "within three buckets of the burst")
        let items = alerts.filter { $0.kind == "item" && $0.outcome == "send" }
        #expect(items.count >= 180 && items.count < 210, "item alerts after the trend fired are folded into it: \(items.count)")
        let folded = alerts.filter { $0.kind == "item" && $0.outcome == "folded" }
        #expect(items.count + folded.count == 210, "every item alert is decided: sent or folded")
        #expect(folded.allSatisfy { $0.reason.contains("并入趋势告警 汛情上升/汛情") }, "folded ones name the trend: \(folded.first?.reason ?? "")")
        let segments = try FileManager.default.contentsOfDirectory(atPath: into.appendingPathComponent("items").path)
        let plain = segments.filter { $0.hasSuffix(".jsonl") }
        #expect(plain.count == 2, "one segment per UTC day: \(segments)")
        #expect(plain.allSatisfy { segments.contains($0.replacingOccurrences(of: ".jsonl", with: ".idx.json")) }, "each indexed, as the daemon leaves them: \(segments)")
        let detections = try String(contentsOf: directory.appendingPathComponent("detections.jsonl"), encoding: .utf8)
        #expect(detections.contains("\"direction\":\"rising\""))

        // A second replay into the same directory is refused; an unsorted file names its line.
        #expect(try await Harness.runCLI(["replay", "--config", config.path, input.path, "--into", into.path]).status != 0)
        let unsorted = directory.appendingPathComponent("unsorted.jsonl")
        let lines = Self.stream(start: start).split(separator: "\n")
        try ([lines[1], lines[0]] + lines.dropFirst(2)).joined(separator: "\n").write(to: unsorted, atomically: true, encoding: .utf8)
        let replayed = try await ChildProcess.run(
            Harness.binary, ["replay", "--config", config.path, unsorted.path, "--into", directory.appendingPathComponent("other").path])
        #expect(replayed.status == 1)
        #expect(String(decoding: replayed.stderr, as: UTF8.self).contains("unsorted.jsonl:2: \"seen\" goes back in time"))
    }

    /// The text a duty officer reads after a replay: the alerts' table and a summary that
    /// names each rule's count, and a plain sentence when nothing was alerted.
    @Test func theSummarySaysWhatWasAlertedAndWhenNothingWas() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let (input, config) = try Self.flood(in: directory, start: start, rules: [
            "{ name: 汛情上升, kind: trend, direction: [rising], send: [hook] }"
        ])
        let alerted = try await Harness.runCLI(["replay", "--config", config.path, input.path, "--into", directory.appendingPathComponent("a").path])
        #expect(alerted.status == 0)
        #expect(alerted.output.contains("【汛情上升】汛情 快速上升"), "the table lists the alert: \(alerted.output)")
        #expect(alerted.output.contains("告警 1 条：汛情上升 1；"), "the summary counts it by rule: \(alerted.output)")

        let quiet = directory.appendingPathComponent("quiet")
        try FileManager.default.createDirectory(at: quiet, withIntermediateDirectories: true)
        let (sameInput, noAlerts) = try Self.flood(in: quiet, start: start, rules: [
            "{ name: 汛情下降, kind: trend, direction: [falling], send: [hook] }"
        ])
        let silent = try await Harness.runCLI(["replay", "--config", noAlerts.path, sameInput.path, "--into", quiet.appendingPathComponent("b").path])
        #expect(silent.status == 0)
        #expect(silent.output.contains("回放期间没有告警。"), "\(silent.output)")
        #expect(!silent.output.contains("处理"), "no empty table: \(silent.output)")
        #expect(silent.output.contains("告警 0 条；并入趋势 0 条"), "no empty list after 告警 0 条: \(silent.output)")
    }

    @Test func aScheduledReportComesDueOnTheSimulatedClock() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 19:06 on 18 November (UTC+8) to 01:16 on the 20th: two midnights.
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let (input, config) = try Self.flood(in: directory, start: start, rules: [
            "{ name: 汛情条目, kind: item, min_score: 0, send: [hook] }",
            "{ name: 日报, kind: report, schedule: \"daily@00\", send: [hook] }",
        ])
        let into = directory.appendingPathComponent("replay")
        let run = try await Harness.runCLI(["replay", "--config", config.path, input.path, "--into", into.path, "--json"])
        #expect(run.status == 0, "\(run.output)")
        let alerts = try run.output.split(separator: "\n").map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
        let reports = alerts.filter { $0.kind == "report" }
        #expect(reports.map(\.time) == ["2026-11-18T16:00:00.000Z", "2026-11-19T16:00:00.000Z"], "\(reports)")
        #expect(reports.allSatisfy { $0.outcome == "send" && $0.title.hasPrefix("【日报】舆情日报") })
        // The second report covers the 19th: its alert count is what the replay sent that day
        // (the item alerts, and the first report at its midnight), read from the replay's outbox record.
        let dayStart = try Date("2026-11-18T16:00:00Z", strategy: .iso8601)
        let day = dayStart..<dayStart.addingTimeInterval(86400)
        let sentTimes = try alerts.filter { $0.outcome == "send" }.map { try Date($0.time, strategy: .iso8601) }
        let sent = sentTimes.filter { day.contains($0) }
        #expect(sent.count > 140, "an item alert every ten minutes: \(sent.count)")
        let html = try String(contentsOf: into.appendingPathComponent("reports/日报-20261120-0000/report.html"), encoding: .utf8)
        #expect(html.contains("共发出告警 \(sent.count) 条"))
        #expect(html.contains("暴雨预警发布情况通报"), "the day's stories")
        #expect(FileManager.default.fileExists(atPath: into.appendingPathComponent("reports/日报-20261119-0000/report.docx").path))
        // Every decision in the alert log, as the daemon's outbox records them.
        let logDirectory = into.appendingPathComponent("alerts")
        let logged = try FileManager.default.contentsOfDirectory(atPath: logDirectory.path).reduce(0) { count, name in
            count + (try String(contentsOf: logDirectory.appendingPathComponent(name), encoding: .utf8)).split(separator: "\n").count
        }
        #expect(logged == alerts.count, "\(logged) logged, \(alerts.count) decided")
    }

    @Test func hotListPollsReachTheHotRules() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        func stamp(_ minute: Double) -> String {
            start.addingTimeInterval(minute * 60).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        }
        // Two polls of a hot list: the flood story climbs from 5th into the top 3.
        let lines = [
            #"{"seen":"\#(stamp(0))","source":"weibo","id":"a","title":"明星八卦","rank":1,"hot":5000000}"#,
            #"{"seen":"\#(stamp(0))","source":"weibo","id":"b","title":"多地暴雨 学校停课","rank":5,"hot":800000}"#,
            #"{"seen":"\#(stamp(10))","source":"weibo","id":"b","title":"多地暴雨 学校停课","rank":2,"hot":3000000}"#,
            #"{"seen":"\#(stamp(10))","source":"weibo","id":"a","title":"明星八卦","rank":1,"hot":5100000}"#,
        ]
        let input = directory.appendingPathComponent("hot.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(directory.appendingPathComponent("live").path) }
            sources: [ { id: weibo, url: "https://example.cn/hot", type: json, items: "$.data[*]", fields: { title: "$.t", rank: "$.r" } } ]
            topics: [ { name: 汛情, query: '暴雨' } ]
            alerts:
              channels: { hook: { type: webhook, url: "https://hooks.example.cn/x" } }
              rules: [ { name: 热榜前三, kind: hot, topics: [汛情], top: 3, send: [hook] } ]
            """.write(to: config, atomically: true, encoding: .utf8)
        let into = directory.appendingPathComponent("replay")
        let run = try await Harness.runCLI(["replay", "--config", config.path, input.path, "--into", into.path, "--json"])
        #expect(run.status == 0, "\(run.output)")
        let alerts = try run.output.split(separator: "\n").map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
        let hot = alerts.filter { $0.kind == "hot" }
        #expect(hot.map(\.title) == ["【热榜前三】进入 weibo 前3名（第2名）：多地暴雨 学校停课"], "\(alerts)")
        let history = try FileManager.default.contentsOfDirectory(atPath: into.appendingPathComponent("hot").path)
        #expect(history.count == 1, "the rank history is written as the daemon writes it")
    }
}
