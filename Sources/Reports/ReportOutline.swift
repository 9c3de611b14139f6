import Analysis
import Foundation

/// A report as sections of blocks in reading order, with every text worded in Chinese but
/// not yet escaped: the one place that decides what a report says, which the HTML, Word
/// and Markdown renderings then draw in their own markup.
public struct ReportOutline: Sendable {
    /// A table cell: text, an optional link (from a feed: checked by the renderer) and emphasis.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var link: String?
        public var strong = false

        public init(_ text: String, link: String? = nil, strong: Bool = false) {
            self.text = text
            self.link = link
            self.strong = strong
        }

        public init(stringLiteral value: String) { self.init(value) }
    }

    public enum Block: Sendable {
        case paragraph(String)
        /// Headline numbers: label, value, note (环比).
        case figures([(label: String, value: String, note: String)])
        /// Header cells ending in `#` are numeric columns.
        case table(header: [String], rows: [[Cell]])
        case chart(title: String, chart: BarChart)
        /// A story's headline (with its link) and its propagation path beneath.
        case story(title: Cell, details: String, path: String)
    }

    public struct Section: Sendable {
        /// overview, topics, regions, stories, emerging, sources, alerts.
        public var id: String
        public var title: String
        public var blocks: [Block]
    }

    public var title: String
    /// The period, the generation time, the topics of a 专报.
    public var subtitle: [String]
    public var sections: [Section]
    public var footer: String

    public init(_ report: Report) {
        let format = ChineseFormat(zone: report.zone)
        title = report.title + (report.topicFilter.isEmpty ? "" : "：" + report.topicFilter.joined(separator: "、"))
        subtitle = [
            "统计时段：" + format.span(report.period),
            "生成时间：" + format.dayWithWeekday(report.generated) + " " + format.clock(report.generated),
        ]
        var sections: [Section] = [Self.overview(report)]
        sections.append(Self.topics(report, format: format))
        if report.judged { sections.append(Self.regions(report)) }
        sections.append(Self.stories(report, format: format))
        if !report.emerging.isEmpty { sections.append(Self.emerging(report)) }
        sections.append(Self.sources(report, format: format))
        sections.append(Self.alerts(report, format: format))
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        self.sections = sections.enumerated().map { index, section in
            Section(id: section.id, title: (numerals[safe: index] ?? String(index + 1)) + "、" + section.title, blocks: section.blocks)
        }
        footer = "本报告由 yuqing 舆情监测自动生成；事件 = 去重后的报道（同一事件的转载只计一次），环比 = 与上一个等长时段相比。"
    }

    static func change(_ change: Report.Change) -> String { "环比 " + ChineseFormat.change(change) }

    static func overview(_ report: Report) -> Section {
        let o = report.overview
        var figures: [(String, String, String)] = [
            ("新增条目", ChineseFormat.number(o.items.current), change(o.items)),
            ("新增事件", ChineseFormat.number(o.stories.current), change(o.stories)),
        ]
        if let negative = o.negativeStories {
            let share = o.stories.current > 0 ? "，占 " + ChineseFormat.percent(Double(negative.current) / Double(o.stories.current)) : ""
            figures.append(("负面事件", ChineseFormat.number(negative.current), change(negative) + share))
        }
        figures.append(("活跃信息源", ChineseFormat.number(o.activeSources.current), change(o.activeSources)))
        figures.append(("告警", ChineseFormat.number(o.alerts.current), change(o.alerts)))
        var summary = "本期共监测到 \(ChineseFormat.number(o.items.current)) 条信息，归并为 \(ChineseFormat.number(o.stories.current)) 个事件（\(change(o.stories))）"
        if let negative = o.negativeStories { summary += "，其中负面事件 \(ChineseFormat.number(negative.current)) 个" }
        let busiest = report.topics.filter { $0.stories.current > 0 }.sorted { $0.stories.current > $1.stories.current }.prefix(3)
        if !busiest.isEmpty { summary += "；事件最多的话题：" + busiest.map { "\($0.name)（\($0.stories.current)）" }.joined(separator: "、") }
        let failing = report.sources.filter(\.failing).count
        summary += "。\(report.sources.count) 个信息源中 \(failing) 个抓取失败，共发出告警 \(o.alerts.current) 条。"
        return Section(id: "overview", title: "总体概况", blocks: [.figures(figures), .paragraph(summary)])
    }

    static func topics(_ report: Report, format: ChineseFormat) -> Section {
        var header = ["话题", "新增事件#", "上期#", "环比", "条目#"]
        if report.judged { header.append("负面占比#") }
        let rows = report.topics.map { topic -> [Cell] in
            var row: [Cell] = [Cell(topic.name), Cell(String(topic.stories.current)), Cell(String(topic.stories.previous)),
                               Cell(ChineseFormat.change(topic.stories)), Cell(String(topic.items))]
            if report.judged { row.append(Cell(topic.negativeShare.map(ChineseFormat.percent) ?? "—")) }
            return row
        }
        var blocks: [Block] = [.table(header: header, rows: rows)]
        let labels = (0..<report.period.barCount).map { bar in
            format.barLabel(report.period.start.addingTimeInterval(Double(bar) * report.period.barSeconds), barSeconds: report.period.barSeconds)
        }
        let unit = report.period.barSeconds < 86400 ? "小时" : report.period.barSeconds < 7 * 86400 ? "天" : "周"
        for topic in report.topics.filter({ $0.stories.current + $0.stories.previous > 0 }).prefix(8) {
            let chart = BarChart(
                values: topic.bars, previous: topic.previousBars, labels: labels,
                caption: "\(topic.name)：每\(unit)新增事件（柱），上期同时段（虚线）")
            blocks.append(.chart(title: "\(topic.name) · 每\(unit)新增事件", chart: chart))
        }
        return Section(id: "topics", title: "话题态势", blocks: blocks)
    }

    static func regions(_ report: Report) -> Section {
        let rows = report.regions.map { [Cell($0.name), Cell(String($0.items)), Cell(String($0.negative), strong: $0.negative > 0)] }
        return Section(id: "regions", title: "负面与地域分布", blocks: [
            .paragraph("按信息涉及的地域统计（本地细分到下一级行政区）；负面 = 判断为负面倾向的条目。"),
            .table(header: ["地域", "条目#", "负面#"], rows: rows),
        ])
    }

    static func stories(_ report: Report, format: ChineseFormat) -> Section {
        let blocks = report.stories.enumerated().map { index, story -> Block in
            let sentiment = story.sentiment.map { "倾向 \($0.label) · " } ?? ""
            let details = "\(sentiment)话题 \(story.topic ?? "—") · \(story.sources) 个来源 · \(story.items) 条"
            let shown = story.hops.prefix(8).enumerated().map { offset, hop in
                (offset == 0 ? "首发 " : "") + "\(hop.source)（\(format.time(hop.time))）"
            }
            let more = story.hops.count > 8 ? " 等 \(story.hops.count) 家" : ""
            return .story(title: Cell("\(index + 1). " + story.title, link: story.url), details: details, path: "传播路径：" + shown.joined(separator: " → ") + more)
        }
        return Section(id: "stories", title: "重点事件（按传播范围）", blocks: blocks.isEmpty ? [.paragraph("本期无事件。")] : blocks)
    }

    static func emerging(_ report: Report) -> Section {
        let rows = report.emerging.map { [Cell($0.phrase), Cell(String($0.current)), Cell(String($0.baseline)), Cell($0.example)] }
        return Section(id: "emerging", title: "新兴词语", blocks: [
            .paragraph("本期事件标题中出现频率显著高于上期的词语（无需预先配置关键词）。"),
            .table(header: ["词语", "本期事件#", "上期事件#", "例"], rows: rows),
        ])
    }

    static func sources(_ report: Report, format: ChineseFormat) -> Section {
        let failing = report.sources.filter(\.failing)
        let silent = report.sources.filter { !$0.failing && $0.items == 0 }
        let ordered = failing + report.sources.filter { !$0.failing }.sorted { $0.items > $1.items }
        let rows = ordered.prefix(40).map { source -> [Cell] in
            [Cell(source.name), Cell(source.tier ?? "—"), Cell(source.health, strong: source.failing), Cell(String(source.items)),
             Cell(source.lastSuccess.map(format.time) ?? "—"), Cell(source.failing ? (source.error ?? "") : "")]
        }
        let summary = "共 \(report.sources.count) 个信息源：\(failing.count) 个抓取失败，\(silent.count) 个本期无新条目。"
            + (report.sources.count > 40 ? "下表列出失败的信息源和条目最多的信息源。" : "")
        return Section(id: "sources", title: "信息源状况", blocks: [.paragraph(summary), .table(header: ["信息源", "级别", "状态", "本期条目#", "最近成功", "错误"], rows: rows)])
    }

    static func alerts(_ report: Report, format: ChineseFormat) -> Section {
        let rows = report.alerts.prefix(100).map { [Cell(format.time($0.time)), Cell($0.rule), Cell($0.title), Cell($0.channels.joined(separator: "、")), Cell($0.state)] }
        return Section(id: "alerts", title: "告警记录", blocks: [.table(header: ["时间", "规则", "标题", "通道", "状态"], rows: rows)])
    }
}
