import Alerting
import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing replay FILE`: backtesting on a simulated clock.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded item stream through scoring, stories, trends and alert rules.",
        discussion: """
            FILE holds JSON Lines, sorted by "seen": {"seen": "2026-11-20T08:00:00Z", \
            "source": "…", "title": "…", "summary": "…", "url": "…", "id": "…", \
            "published": "…"} (id, summary, url, published optional). Items go into the \
            empty directory given by --into, on a simulated clock; alerts are reported with \
            the time they would have fired — including those folded into a trend alert \
            or silenced, with the reason — and nothing is sent. Scheduled reports come \
            due on the same clock and are written under --into's reports/. The daemon and replay \
            run the same engine, so replay shows what the daemon would have decided. \
            Tune topics and rules in the configuration, replay, compare.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The recorded stream (JSON Lines).")
    var file: String

    @Option(help: "An empty directory to store the replayed items in.")
    var into: String

    @Option(help: "Write every non-steady trend signal here (JSON Lines).")
    var detections: String?

    @Option(help: "Write new-story counts per topic and 5-minute bucket here (JSON Lines).")
    var counts: String?

    @Option(help: "Write each item's story here (JSON Lines: id, story).")
    var assignments: String?

    @Option(help: "Silences to apply (a silences.json as `yuqing silence` writes it).")
    var silences: String?

    @Flag(help: "Print the alerts as JSON Lines.")
    var json = false

    func validate() throws {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: into)) ?? []
        guard existing.isEmpty else { throw ValidationError("--into \(into) is not empty; replay needs a directory of its own") }
    }

    func run() throws {
        var config = try options.loadOrExit()
        guard (into as NSString).standardizingPath != (config.dataDirectory as NSString).standardizingPath else {
            throw ValidationError("--into must not be the daemon's data directory")
        }
        config.dataDirectory = into
        let writers = try [detections, counts, assignments].map { path in try path.map(LineWriter.init) }
        var outputs = Replay.Outputs()
        if let writer = writers[0] { outputs.detection = { writer.write($0) } }
        if let writer = writers[1] {
            outputs.counts = { bucket, topic, stories in
                writer.write(["bucket": RecordCoding.timestamp(bucket), "topic": topic, "stories": String(stories)])
            }
        }
        if let writer = writers[2] { outputs.assignment = { id, story in writer.write(["id": id, "story": story]) } }
        let progress = ProgressLine.forTerminal("回放")
        if let progress { outputs.progress = { done, total, events in progress.update(done: done, total: total, records: events) } }
        let started = Date()
        let report: Replay.Report
        do {
            let silenced: [Silence] = try silences.map { path -> [Silence] in
                guard FileManager.default.fileExists(atPath: path) else { throw ReplayError("no silences file \(path)") }
                return try StateFile<[Silence]>(path: path).load() ?? []
            } ?? []
            report = try Replay(config: config, dataDirectory: into, silences: silenced).run(input: file, outputs: outputs)
        } catch let error as ReplayError {
            FileHandle.standardError.write(Data("yuqing: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        progress?.finish()
        for writer in writers { writer?.close() }
        if json {
            for alert in report.alerts { print(try JSONOutput.string(alert)) }
            return
        }
        let outcomes = ["send": "发送", "folded": "并入趋势", "silenced": "已静默"]
        if report.alerts.isEmpty {
            print("回放期间没有告警。")
        } else {
            let table = TextTable(columns: ["时间", "规则", "类型", "话题", "处理", "告警"])
            for alert in report.alerts.prefix(200) {
                table.add([DisplayTime.string(alert.time), alert.rule, alert.kind, alert.topic ?? "—", outcomes[alert.outcome] ?? alert.outcome, alert.title])
            }
            table.print()
        }
        if report.alerts.count > 200 { print("……共 \(report.alerts.count) 条告警，--json 输出全部") }
        let sent = report.alerts.filter { $0.outcome == "send" }
        let byRule = Dictionary(grouping: sent, by: \.rule).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: "，")
        let folded = report.alerts.filter { $0.outcome == "folded" }.count
        let silencedCount = report.alerts.filter { $0.outcome == "silenced" }.count
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let perRule = byRule.isEmpty ? "" : "：" + byRule
        print("回放 \(report.events) 条（\(report.stored) 条入库，\(report.stories) 个事件），\(report.buckets) 个时间桶，用时 \(seconds) 秒；告警 \(sent.count) 条\(perRule)；并入趋势 \(folded) 条，静默 \(silencedCount) 条")
    }
}

/// Appends JSON objects as lines to a file.
final class LineWriter {
    private let handle: FileHandle
    private let encoder = RecordCoding.encoder()

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        self.handle = handle
    }

    func write(_ value: some Encodable) {
        guard let data = try? encoder.encode(value) else { return }
        handle.write(data + Data([0x0A]))
    }

    func close() { try? handle.close() }
}
