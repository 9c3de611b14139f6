import Alerting
import Analysis
import Foundation
import Queries
import Reports

/// The web view's pages as HTML, from the same queries as the CLI and the report. Every
/// text from feeds or files passes through `SafeText` / `HTMLDocument`.
struct WebPages: Sendable {
    let settings: WebViewSettings

    var format: ChineseFormat { ChineseFormat(zone: settings.zone) }

    static let sections: [(path: String, label: String)] = [
        ("/", "总览"), ("/trends", "态势"), ("/stories", "事件"), ("/items", "条目"), ("/sources", "信息源"), ("/alerts", "告警"), ("/report", "报告"),
    ]

    func page(_ title: String, _ body: String, request: WebRequest, refresh: Bool = true) -> String {
        let links = Self.sections.map { section in
            "<a href=\"\(section.path)\"\(section.path == request.path ? " class=\"here\"" : "")>\(section.label)</a>"
        }
        let navigation = "<nav>" + links.joined() + "</nav>"
        let stamp = "<p class=\"meta\">yuqing 舆情监测 · 更新于 \(SafeText.html(format.time(request.now)))" + (refresh ? "，每 \(settings.refresh) 秒自动刷新" : "") + "</p>"
        return HTMLDocument.page(title: title + " · yuqing", body: "<h1>\(SafeText.html(title))</h1>\n" + body + stamp, refresh: refresh ? settings.refresh : nil, navigation: navigation)
    }

    func errorPage(_ message: String, request: WebRequest) -> String {
        page("出错了", "<p><b>\(SafeText.html(message))</b></p>", request: request, refresh: false)
    }

    /// 总览: the last 24 hours' figures, moving topics, the widest stories and the latest alerts.
    func overview(_ request: WebRequest) async throws -> String {
        let report = try await buildReport(seconds: 86400, now: request.now)
        let outline = ReportOutline(report)
        let html = ReportHTML(outline)
        var body = ""
        if let overview = outline.sections.first(where: { $0.id == "overview" }) { body += html.render(overview, heading: false) }
        body += "<h2>话题态势（近24小时）</h2>" + trendTable(try await trendRows(span: 86400, bar: 3600, labels: ("24h", "1h"), now: request.now))
        if let stories = outline.sections.first(where: { $0.id == "stories" }) {
            var top = stories
            top.blocks = Array(top.blocks.prefix(5))
            top.title = "传播最广的事件（近24小时）"
            body += html.render(top)
        }
        body += "<h2>最新告警</h2>" + alertTable(try await settings.data.alerts(AlertQuery(limit: 10), now: request.now).rows)
        return page("舆情总览", body, request: request)
    }

    /// 态势: every topic's trend with its chart over the span.
    func trends(_ request: WebRequest) async throws -> String {
        let span = try request.span(fallback: "24h")
        let bar: Double = span.seconds <= 2 * 86400 ? 3600 : 86400
        let rows = try await trendRows(span: Int(span.seconds), bar: Int(bar), labels: (span.text, bar == 3600 ? "1h" : "1d"), now: request.now)
        var body = spanForm(request, span: span.text) + trendTable(rows)
        let now = request.now
        for row in rows {
            let labels = row.sparkline.indices.map { index in
                format.barLabel(now.addingTimeInterval(-Double(row.sparkline.count - index) * bar), barSeconds: bar)
            }
            let chart = BarChart(values: row.sparkline, labels: labels, caption: "\(row.topic)：每\(bar == 3600 ? "小时" : "天")新增事件")
            body += "<figure><h3>\(SafeText.html(row.topic))</h3>\(chart.svg())<figcaption>\(SafeText.html(chart.caption))</figcaption></figure>"
        }
        return page("话题态势", body, request: request)
    }

    /// 事件: stories of the span by spread, each with its propagation path.
    func stories(_ request: WebRequest) async throws -> String {
        let span = try request.span(fallback: "24h")
        var report = try await buildReport(seconds: span.seconds, now: request.now, storyLimit: try request.integer("limit", in: 1...500, fallback: 30))
        report.topics = []
        let outline = ReportOutline(report)
        let section = outline.sections.first { $0.id == "stories" }
        return page("事件（按传播范围）", spanForm(request, span: span.text) + (section.map { ReportHTML(outline).render($0, heading: false) } ?? ""), request: request)
    }

    /// 报告: the HTML report of the span, as `yuqing report` writes it.
    func report(_ request: WebRequest) async throws -> String {
        let span = try request.span(fallback: "24h")
        let report = try await buildReport(seconds: span.seconds, now: request.now)
        return page(report.title, spanForm(request, span: span.text) + ReportHTML(ReportOutline(report)).body(), request: request, refresh: false)
    }

    func buildReport(seconds: Double, now: Date, storyLimit: Int = 10) async throws -> Report {
        var builder = ReportBuilder(
            dataDirectory: settings.dataDirectory, period: ReportPeriod(seconds: seconds, endingAt: now), topics: settings.topics,
            sources: settings.sources, zone: settings.zone)
        builder.homeRegion = settings.homeRegion
        builder.storyLimit = storyLimit
        return try await settings.data.report(builder, generated: now)
    }

    func trendRows(span: Int, bar: Int, labels: (span: String, bar: String), now: Date) async throws -> [TrendQuery.Row] {
        try await settings.data.trends(TrendQuery(span: span, bar: bar, labels: labels), topics: settings.topics, now: now)
    }

    func trendTable(_ rows: [TrendQuery.Row]) -> String {
        let directions = ["rising": "↑ 上升", "falling": "↓ 下降", "ramp": "↗ 爬升", "steady": "— 平稳"]
        return HTMLDocument.table(
            ["话题", "态势", "得分#", "近15分钟#", "基线#", "事件#", "条目#", "负面占比#", "走势"],
            rows.map { row in
                let direction = directions[row.direction] ?? row.direction
                return [
                    SafeText.html(row.topic), "<span class=\"nowrap\">" + (row.direction == "steady" ? direction : "<b>\(direction)</b>") + "</span>",
                    String(format: "%+.1f", row.score),
                    String(row.current), String(format: "%.1f", row.expected), String(row.stories), String(row.items),
                    row.negativeShare.map(ChineseFormat.percent) ?? "—", "<span class=\"spark\">\(SafeText.html(Sparkline.render(row.sparkline)))</span>",
                ]
            }, empty: "尚无话题数据")
    }

    /// A small form choosing the span (GET, so a page can be bookmarked).
    func spanForm(_ request: WebRequest, span: String) -> String {
        let choices = ["6h", "24h", "3d", "7d", "30d"]
        let options = (choices.contains(span) ? choices : [span] + choices).map { "<option\($0 == span ? " selected" : "")>\(SafeText.html($0))</option>" }
        return "<form class=\"filters\" method=\"get\" action=\"\(request.path)\"><label>时间范围<select name=\"since\">\(options.joined())</select></label><button type=\"submit\">查看</button></form>"
    }
}
