import Analysis
import Foundation

/// Renders an `Explanation` for a terminal, in Chinese.
struct ExplanationPrinter {
    let explanation: Explanation
    let colour: Bool

    func print(topic: String?) {
        let labels: [(MatchedText.Field, String)] = [(.title, "标题"), (.summary, "摘要"), (.source, "来源")]
        for (field, label) in labels {
            let marked = highlighted(field)
            if !marked.isEmpty { Swift.print("\(label)：\(marked)") }
        }
        for topicExplanation in explanation.topics where topic == nil || topicExplanation.topic == topic {
            Swift.print("")
            printTopic(topicExplanation)
        }
        Swift.print("")
        printJudgement(explanation.judgement)
    }

    /// 情感倾向 with each cue and what changed it, then 地域.
    private func printJudgement(_ judgement: ItemJudgement) {
        let sentiment = judgement.sentiment
        let category = sentiment.category.map { "，\($0)" } ?? ""
        Swift.print("情感倾向：\(sentiment.sentiment.label)（得分 \(format(sentiment.score))\(category)）")
        for cue in sentiment.evidence {
            let place = cue.inTitle ? "标题" : "摘要"
            let note = cue.note.map { "，\($0)" } ?? ""
            Swift.print("  \(cue.term)：\(cue.cue)，\(place)\(note) → \(String(format: "%+.2f", cue.value))")
        }
        if sentiment.evidence.isEmpty { Swift.print("  （无情感线索）") }
        let total = sentiment.evidence.reduce(0) { $0 + $1.value }
        Swift.print("  Σ = \(format(total))：≤ −1 负面，≥ +1 正面，其间中性")
        let gazetteer = RegionGazetteer.standard
        let places = judgement.regions.map { "\(gazetteer.fullName($0))（\($0)）" }
        Swift.print("地域：\(places.isEmpty ? "未识别" : places.joined(separator: "、"))")
    }

    private func printTopic(_ topic: TopicExplanation) {
        let verdict = topic.held ? "命中，得分 \(topic.breakdown.score)" : "未命中"
        Swift.print("话题「\(topic.topic)」：\(verdict)")
        Swift.print("  规则：\(topic.rule)")
        printTrace(topic.trace, depth: 2)
        guard topic.held else { return }
        Swift.print("  计分：")
        for term in topic.breakdown.contributions {
            let place = term.inTitle ? "标题×2" : "×1"
            Swift.print("    \(term.term)：出现 \(term.occurrences) 次，\(place)，权重 \(format(term.weight))"
                + " → \(format(term.weight))×\(term.inTitle ? 2 : 1)×\(term.occurrences)×2.2/(\(term.occurrences)+1.2) = \(format(term.value))"
)
        }
        if topic.breakdown.proximityBonus > 0 {
            Swift.print("    邻近加分：+\(format(topic.breakdown.proximityBonus))")
        }
        let raw = 100 * (1 - exp(-topic.breakdown.sum / 2)) * topic.breakdown.topicWeight
        Swift.print("    Σ = \(format(topic.breakdown.sum))；100×(1−e^(−Σ/2))×话题权重 \(format(topic.breakdown.topicWeight)) = \(format(raw)) → \(topic.breakdown.score)")
    }

    private func printTrace(_ node: RuleTrace, depth: Int) {
        let mark = node.held ? "✓" : "✗"
        let count = node.children.isEmpty ? "（\(node.occurrences) 次）" : ""
        let line = String(repeating: " ", count: depth) + "\(mark) \(node.label)\(count)"
        Swift.print(colour ? "\u{1B}[\(node.held ? "32" : "2")m\(line)\u{1B}[0m" : line)
        for child in node.children { printTrace(child, depth: depth + 2) }
    }

    /// The normalised field with every occurrence marked: reverse video on a terminal,
    /// 【】 otherwise. Overlapping occurrences are merged.
    private func highlighted(_ field: MatchedText.Field) -> String {
        let bytes = explanation.text.normalized(field)
        var ranges: [Range<Int>] = []
        let topicHits = explanation.text.hits(field).filter { $0.pattern < explanation.topicPatternCount }
        for hit in topicHits.sorted(by: { $0.start < $1.start }) {
            if let last = ranges.last, hit.start <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, hit.end)
            } else {
                ranges.append(hit.start..<hit.end)
            }
        }
        let (open, close) = colour ? ("\u{1B}[7m", "\u{1B}[0m") : ("【", "】")
        var result = ""
        var position = 0
        for range in ranges {
            result += String(decoding: bytes[position..<range.lowerBound], as: UTF8.self)
            result += open + String(decoding: bytes[range], as: UTF8.self) + close
            position = range.upperBound
        }
        return result + String(decoding: bytes[position...], as: UTF8.self)
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
