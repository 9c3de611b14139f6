import Alerting

/// A report as one self-contained HTML page: inline SVG charts, no script, no external
/// resource. For mail, charts can instead point at attached PNG parts (`cid:`), since
/// common mail clients do not show inline SVG.
public struct ReportHTML: Sendable {
    public enum Charts: Sendable {
        case inlineSVG
        /// `<img src="cid:chart-N@yuqing">`; the caller attaches `BarChart.png()` under those ids.
        case contentIDs
    }

    public var outline: ReportOutline
    public var charts: Charts

    public init(_ outline: ReportOutline, charts: Charts = .inlineSVG) {
        self.outline = outline
        self.charts = charts
    }

    /// The content id of the `index`th chart (from 0), in reading order.
    public static func contentID(_ index: Int) -> String { ReportFiles.contentID(index) }

    /// The charts in reading order (what `contentIDs` numbers).
    public var chartList: [BarChart] {
        outline.sections.flatMap(\.blocks).compactMap { block in
            if case .chart(_, let chart) = block { return chart }
            return nil
        }
    }

    /// The whole page.
    public func render(navigation: String = "") -> String {
        HTMLDocument.page(
            title: outline.title, body: body(), navigation: navigation,
            policy: charts == .inlineSVG ? HTMLDocument.contentSecurityPolicy : HTMLDocument.mailContentSecurityPolicy)
    }

    /// The content without the page shell (the web view embeds it).
    public func body() -> String {
        var html = "<header><h1>\(SafeText.html(outline.title))</h1>\n"
        for line in outline.subtitle { html += "<p class=\"meta\">\(SafeText.html(line))</p>\n" }
        html += "</header>\n"
        var chartIndex = 0
        for section in outline.sections { html += render(section, chartIndex: &chartIndex) }
        html += "<footer><p class=\"meta\">\(SafeText.html(outline.footer))</p></footer>"
        return html
    }

    /// One section with its heading (the web view shows sections on their own pages).
    public func render(_ section: ReportOutline.Section, heading: Bool = true) -> String {
        var index = 0
        return render(section, chartIndex: &index, heading: heading)
    }

    private func render(_ section: ReportOutline.Section, chartIndex: inout Int, heading: Bool = true) -> String {
        var html = "<section id=\"\(section.id)\">\n" + (heading ? "<h2>\(SafeText.html(section.title))</h2>\n" : "")
        for block in section.blocks { html += render(block, chartIndex: &chartIndex) + "\n" }
        return html + "</section>\n"
    }

    private func render(_ block: ReportOutline.Block, chartIndex: inout Int) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(SafeText.html(text))</p>"
        case .figures(let figures):
            let cards = figures.map { "<div class=\"card\"><span>\(SafeText.html($0.label))</span><b>\(SafeText.html($0.value))</b><span>\(SafeText.html($0.note))</span></div>" }
            return "<div class=\"cards\">" + cards.joined() + "</div>"
        case .table(let header, let rows):
            return HTMLDocument.table(header, rows.map { $0.map(Self.cell) })
        case .chart(let title, let chart):
            defer { chartIndex += 1 }
            let drawn: String
            switch charts {
            case .inlineSVG:
                drawn = chart.svg()
            case .contentIDs:
                drawn = "<img src=\"cid:\(Self.contentID(chartIndex))\" width=\"\(chart.width)\" height=\"\(chart.height)\" alt=\"\(SafeText.html(chart.caption))\">"
            }
            return "<figure><h3>\(SafeText.html(title))</h3>\(drawn)<figcaption>\(SafeText.html(charts == .inlineSVG ? chart.caption : chart.caption + "；" + chart.rangeCaption))</figcaption></figure>"
        case .story(let title, let details, let path):
            return "<h3>\(Self.cell(title))</h3><p class=\"meta\">\(SafeText.html(details))</p><p class=\"path\">\(SafeText.html(path))</p>"
        }
    }

    static func cell(_ cell: ReportOutline.Cell) -> String {
        let text = HTMLDocument.link(cell.text, to: cell.link)
        return cell.strong ? "<b class=\"neg\">\(text)</b>" : text
    }
}
