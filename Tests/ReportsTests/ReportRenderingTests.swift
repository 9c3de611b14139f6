import Alerting
import Analysis
import Queries
import Storage
import CYuqingZlib
import Foundation
import Testing
import YuqingTesting
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Reports

/// Every rendering of one report: hostile feed text stays inert, the Word package is
/// well-formed XML with its images, the PNG charts decode.
struct ReportRenderingTests {
    static let hostileTitle = "<script>alert('x')</script>\u{202E}学校\u{202C}通知\u{0007}"
    static let hostileURL = "javascript:alert(1)"

    func report() -> Report {
        let end = ItemFactory.epoch
        let period = ReportPeriod(seconds: 86400, endingAt: end)
        var tally = ReportTally(period: period, topicFilter: [], homeRegion: nil)
        var hostile = ItemFactory.stored("h", title: Self.hostileTitle, at: end.addingTimeInterval(-3600))
        hostile.url = Self.hostileURL
        hostile.sentiment = .negative
        tally.add(hostile)
        var linked = ItemFactory.stored("ok", title: "正常标题 [链接](http://evil) *强调*", at: end.addingTimeInterval(-7200))
        linked.url = "https://news.example.cn/a?b=1&c=2"
        linked.sentiment = .neutral
        tally.add(linked)
        let health = [SourceHealthQueryRow.row("src", error: "<b>bad</b>")]
        return tally.report(title: "舆情日报", topics: ["汛情"], health: health, alerts: [], generated: end, zone: .gmt, storyLimit: 10)
    }

    @Test func htmlKeepsFeedTextInert() {
        let html = ReportHTML(ReportOutline(report())).render()
        #expect(!html.contains("<script"), "markup from a feed is escaped")
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("javascript:"), "a javascript: URL is not a link")
        #expect(!html.contains("\u{202E}") && !html.contains("\u{0007}"), "bidi overrides and controls are removed")
        #expect(html.contains("href=\"https://news.example.cn/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\""))
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"))
        #expect(html.contains("<svg") && html.contains("</svg>"))
        #expect(!html.contains("<b>bad</b>"))
    }

    @Test func markdownKeepsFeedTextInert() {
        let markdown = ReportMarkdown(ReportOutline(report())).render()
        #expect(!markdown.contains("<script"))
        #expect(!markdown.contains("](http://evil)"), "link syntax in a title becomes full-width")
        #expect(markdown.contains("［链接］（http://evil）"))
        #expect(!markdown.contains("javascript:"))
        #expect(markdown.contains("](<https://news.example.cn/a?b=1&c=2>)"))
    }

    /// Text has no dashed line: the period before is a second sparkline, on the same scale.
    @Test func markdownChartsShowThePeriodBeforeOnTheSameScale() {
        let markdown = ReportMarkdown(ReportOutline(report()))
        let chart = BarChart(values: [0, 2, 4, 8], previous: [8, 4, 0, 0], labels: ["a", "b", "c", "d"], caption: "")
        #expect(markdown.render(.chart(title: "汛情", chart: chart)) == ["**汛情**", "", "`▁▃▅█` 本期  ", "`█▅▁▁` 上期（同一比例）  ", "横轴 a 至 d；最高 8"])
        let doubled = BarChart(values: [1, 2], previous: [4, 4], labels: ["a", "b"], caption: "")
        #expect(markdown.render(.chart(title: "汛情", chart: doubled))[2] == "`▃▅` 本期  ", "scaled to the higher of the two periods")
        let alone = BarChart(values: [1, 2], labels: ["a", "b"], caption: "")
        #expect(markdown.render(.chart(title: "汛情", chart: alone)) == ["**汛情**", "", "`▅█` 横轴 a 至 b；最高 2"])
        #expect(!markdown.render().contains("虚线"), "no dashed line is promised in text")
    }

    @Test func docxIsAWellFormedPackageWithItsCharts() throws {
        let scratch = try TemporaryDirectory("docx")
        let path = scratch.file("r.docx").path
        try ReportDocx(ReportOutline(report()), created: ItemFactory.epoch).write(to: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let names = Set(archive.map(\.path))
        for required in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"] {
            #expect(names.contains(required), "\(required) in \(names.sorted())")
        }
        #expect(names.contains("word/media/chart1.png"))
        for name in names where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            let entry = try #require(archive[name])
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name) is well-formed XML: \(String(describing: parser.parserError))")
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("\u{202E}") && !text.contains("\u{0007}") && !text.contains("javascript:"), "\(name)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func pngChartsDecodeToTheirSize() throws {
        let chart = BarChart(values: [0, 3, 7, 1], previous: [1, 1, 2, 9], labels: ["a", "b", "c", "d"], caption: "测试")
        let png = chart.png(scale: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height big-endian after the chunk length and type.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 360)
        // IDAT decompresses to one filter byte plus one byte per pixel per row.
        let idatLength = png[33..<37].reduce(0) { $0 << 8 | Int($1) }
        #expect(String(decoding: png[37..<41], as: UTF8.self) == "IDAT")
        let compressed = Array(png[41..<(41 + idatLength)])
        var size = uLongf(height * (width + 1))
        var raw = [UInt8](repeating: 0, count: Int(size))
        let status = raw.withUnsafeMutableBufferPointer { out in compressed.withUnsafeBufferPointer { uncompress(out.baseAddress, &size, $0.baseAddress, uLong(compressed.count)) } }
        #expect(status == Z_OK && Int(size) == height * (width + 1))
        #expect(raw.contains(68) && raw.contains(0), "bars (grey 68) and the dashed line (black) are drawn")
        #expect(chart.rangeCaption == "纵轴 0–10；横轴 a 至 d；虚线为上期")
        #expect(BarChart.niceCeiling(7) == 10 && BarChart.niceCeiling(11) == 20 && BarChart.niceCeiling(0) == 1 && BarChart.niceCeiling(40) == 50)
    }

    @Test func safeLinksAreHTTPOnly() {
        #expect(SafeText.link("https://a.cn/x") == "https://a.cn/x")
        #expect(SafeText.link("HTTP://A.CN") == "HTTP://A.CN")
        for bad in ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//a.cn", "/x", "https://a.cn/\"onmouseover=x", "https://a.cn/\u{0}"] {
            #expect(SafeText.link(bad) == nil, "\(bad)")
        }
    }
}

/// A source health row for rendering tests.
enum SourceHealthQueryRow {
    static func row(_ id: String, error: String) -> Queries.SourceHealthQuery.Row {
        var state = SourceState()
        state.lastError = error
        state.consecutiveFailures = 2
        state.failingSince = ItemFactory.epoch
        return .init(source: .init(id: id, name: id, url: "https://a.cn", tier: nil), state: state, health: .failing)
    }
}
