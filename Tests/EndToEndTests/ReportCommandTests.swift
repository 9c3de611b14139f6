import Foundation
import Testing
import YuqingTesting

/// `yuqing report` on two days of replayed items: the HTML opens in Chromium without a
/// console message and shows every section; the .docx converts in LibreOffice and holds
/// the report's text; the Markdown reads; hostile feed text stays text everywhere.
struct ReportCommandTests {
    @Test func htmlWordAndMarkdownReports() async throws {
        let fixture = try await ReplayedData(seed: 11)
        let html = fixture.scratch.file("日报.html").path, docx = fixture.scratch.file("日报.docx").path, markdown = fixture.scratch.file("日报.md").path
        for output in [html, docx, markdown] {
            let written = try await Harness.runCLI(["report", "--config", fixture.config.path, "--since", "24h", "-o", output])
            #expect(written.status == 0, "\(output): \(written.output)")
        }

        let page = try await Browser.load("file://" + html, screenshot: "report.html.png", height: 3200)
        #expect(page.console.isEmpty, "no script error, blocked resource or CSP violation: \(page.console)")
        for expected in ["舆情日报", "一、总体概况", "话题态势", "负面与地域分布", "重点事件（按传播范围）", "信息源状况", "告警记录", "环比", "传播路径：首发", "杭州地铁3号线突发故障"] {
            #expect(page.dom.contains(expected), "\(expected)")
        }
        #expect(page.dom.components(separatedBy: "<svg").count - 1 >= 4, "a chart per active topic")
        #expect(page.dom.contains("&lt;script&gt;alert"), "a feed's markup is shown as text")
        #expect(!page.dom.contains("href=\"javascript:") && !page.dom.contains("href=\"data:"))

        // pdftotext puts spaces between Latin digits and CJK and breaks long lines: compare without white space.
        let text = try await Office.pdfText(ofDocx: docx).filter { !$0.isWhitespace }
        for expected in ["舆情日报", "总体概况", "话题态势", "重点事件", "杭州地铁3号线突发故障", "信息源状况", "新华网"] {
            #expect(text.contains(expected), "PDF of the .docx holds \(expected)")
        }

        let md = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(md.hasPrefix("# 舆情日报") && md.contains("| 话题 | 新增事件 |") && md.contains("### ["))
        #expect(!md.contains("<script>"))

        let special = try await Harness.runCLI(["report", "--config", fixture.config.path, "--topic", "交通", "--format", "md", "-o", "-"])
        #expect(special.output.hasPrefix("# 舆情专报：交通") && !special.output.contains("| 校园 |"), "\(special.output.prefix(300))")
        #expect(try await Harness.runCLI(["report", "--config", fixture.config.path, "--topic", "无此话题", "-o", "-"]).status != 0)
        #expect(try await Harness.runCLI(["report", "--config", fixture.config.path, "-o", "x.pdf", "--format", "pdf"]).status != 0)
    }

    @Test func progressShowsOnATerminalOnly() async throws {
        let fixture = try await ReplayedData(seed: 12)
        // Piped: nothing but the summary line on stderr.
        let piped = try await Harness.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["sh", "-c", "'\(Harness.binary.path)' report --config '\(fixture.config.path)' -o '\(fixture.scratch.path)/a.md' 2>&1"])
        #expect(!piped.output.contains("读取") && piped.output.contains("written to"), "\(piped.output)")
        // On a terminal (script(1) gives it one): a progress line with done/total and a rate.
        let command = "'\(Harness.binary.path)' report --config '\(fixture.config.path)' -o '\(fixture.scratch.path)/b.md'"
        let terminal = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), ["-u", "INVOCATION_ID", "-u", "JOURNAL_STREAM", "TERM=xterm", "script", "-qec", command, "/dev/null"])
        #expect(terminal.output.contains("读取 100%") && terminal.output.contains("MB"), "\(terminal.output)")
        let fsck = "'\(Harness.binary.path)' fsck --config '\(fixture.config.path)'"
        let checked = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), ["-u", "INVOCATION_ID", "-u", "JOURNAL_STREAM", "TERM=xterm", "script", "-qec", fsck, "/dev/null"])
        #expect(checked.output.contains("检查 100%"), "\(checked.output)")
        // Under systemd (INVOCATION_ID set): nothing, even on a terminal.
        let unit = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), ["INVOCATION_ID=abc", "script", "-qec", command, "/dev/null"])
        #expect(!unit.output.contains("读取"), "\(unit.output)")
    }
}
