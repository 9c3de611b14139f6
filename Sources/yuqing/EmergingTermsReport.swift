import Analysis
import Daemon
import Foundation
import Queries
import Storage

/// `yuqing trends --emerging`: the last hour's stories against the `--since` span before it.
struct EmergingTermsReport {
    let config: Config
    let span: TimeInterval
    let json: Bool

    func print() throws {
        let now = Date()
        let windowStart = now.addingTimeInterval(-3600)
        let baselineStart = windowStart.addingTimeInterval(-span)
        var current: [String: String] = [:]
        var baseline: [String: String] = [:]
        try SegmentReader(dataDirectory: config.dataDirectory).forEach(since: baselineStart) { item in
            if item.fetched >= windowStart {
                if current[item.story] == nil { current[item.story] = item.title }
            } else if item.fetched >= baselineStart, baseline[item.story] == nil {
                baseline[item.story] = item.title
            }
        }
        let terms = EmergingTerms().find(current: Array(current.values), baseline: Array(baseline.values))
        if json {
            for term in terms { Swift.print(try JSONOutput.string(term)) }
            return
        }
        let table = TextTable(columns: ["新兴词", "得分", "近1小时事件", "此前", "预期", "例"])
        for term in terms {
            table.add([term.phrase, String(format: "%+.1f", term.score), String(term.current), String(term.baseline), String(format: "%.1f", term.expected), term.example])
        }
        table.print()
        Swift.print("近1小时 \(current.count) 个事件，对比此前\(Span.chinese(spanText)) \(baseline.count) 个事件；无需配置关键词。")
    }

    private var spanText: String { span >= 86400 ? "\(Int(span / 86400))d" : span >= 3600 ? "\(Int(span / 3600))h" : "\(Int(span / 60))m" }
}
