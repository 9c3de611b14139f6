import Alerting
import Analysis

/// A report as Markdown (CommonMark with pipe tables): charts become sparklines (the period
/// before as a second one on the same scale) with their range, feed text is made inert
/// (`SafeText.markdown`), links only to http(s).
public struct ReportMarkdown: Sendable {
    public var outline: ReportOutline

    public init(_ outline: ReportOutline) {
        self.outline = outline
    }

    public func render() -> String {
        var lines = ["# " + SafeText.markdown(outline.title), ""]
        for line in outline.subtitle { lines += [SafeText.markdown(line) + "  "] }
        for section in outline.sections {
            lines += ["", "## " + SafeText.markdown(section.title), ""]
            for block in section.blocks { lines += render(block) + [""] }
        }
        lines += ["---", "", SafeText.markdown(outline.footer), ""]
        return lines.joined(separator: "\n")
    }

    func render(_ block: ReportOutline.Block) -> [String] {
        switch block {
        case .paragraph(let text):
            return [SafeText.markdown(text)]
        case .figures(let figures):
            return figures.map { "- **\(SafeText.markdown($0.label))**：\(SafeText.markdown($0.value))（\(SafeText.markdown($0.note))）" }
        case .table(let header, let rows):
            guard !rows.isEmpty else { return ["无"] }
            let names = header.map { $0.hasSuffix("#") ? String($0.dropLast()) : $0 }
            var lines = ["| " + names.map(SafeText.markdown).joined(separator: " | ") + " |"]
            lines.append("|" + header.map { $0.hasSuffix("#") ? " ---: |" : " --- |" }.joined())
            for row in rows { lines.append("| " + row.map(Self.cell).joined(separator: " | ") + " |") }
            return lines
        case .chart(let title, let chart):
            // Text has no dashed line: the period before is a second sparkline on the same scale.
            let top = max(chart.values.max() ?? 0, chart.previous.max() ?? 0)
            let range = "横轴 \(chart.labels.first ?? "") 至 \(chart.labels.last ?? "")；最高 \(top)"
            let current = "`\(Sparkline.render(chart.values, top: top))` "
            guard !chart.previous.isEmpty else { return ["**\(SafeText.markdown(title))**", "", current + SafeText.markdown(range)] }
            let previous = "`\(Sparkline.render(chart.previous, top: top))` "
            return ["**\(SafeText.markdown(title))**", "", current + "本期  ", previous + "上期（同一比例）  ", SafeText.markdown(range)]
        case .story(let title, let details, let path):
            return ["### " + Self.cell(title), "", SafeText.markdown(details) + "  ", SafeText.markdown(path)]
        }
    }

    static func cell(_ cell: ReportOutline.Cell) -> String {
        var text = SafeText.markdown(cell.text)
        if let url = SafeText.link(cell.link) {
            text = "[\(text)](<\(url.replacingOccurrences(of: ">", with: "%3E").replacingOccurrences(of: " ", with: "%20"))>)"
        }
        return cell.strong ? "**\(text)**" : text
    }
}
