import Foundation
import PropertyBased
import Testing

@testable import Analysis

/// The flat rule program must decide exactly as the rule trees do.
struct RuleProgramTests {
    static let terms = ["食品", "安全", "中毒", "ai", "5g", "过期", "演练"]
    static let fields: [QueryField] = [.text, .title, .summary, .source]

    /// A random rule of depth ≤ 3 from a stream of numbers.
    private static func rule(_ numbers: inout [Int], depth: Int) -> QueryNode {
        func next() -> Int { numbers.isEmpty ? 0 : numbers.removeFirst() }
        let kind = depth >= 3 ? 0 : next() % 6
        switch kind {
        case 1, 2:
            let children = (0..<(next() % 4)).map { _ in rule(&numbers, depth: depth + 1) }
            return kind == 1 ? .and(children) : .or(children)
        case 3: return .not(rule(&numbers, depth: depth + 1))
        case 4: return .near(rule(&numbers, depth: 3), rule(&numbers, depth: 3), distance: next() % 5, ordered: next() % 2 == 0)
        default: return .term(QueryTerm(terms[next() % terms.count], field: fields[next() % fields.count]))
        }
    }

    @Test func theProgramDecidesAsTheTrees() async {
        let numbers = Gen<Int>.int(in: 0...1_000).array(of: 60...60)
        let piece = Gen<String?>.element(of: Self.terms + ["，", " ", "AI", "食", "said"]).map { $0 ?? "" }
        let field = piece.array(of: 0...8).map { $0.joined() }
        await propertyCheck(count: 200, input: numbers, field, field, field) { numbers, title, summary, source in
            var stream = numbers
            let topics = (0..<8).map { Topic(name: "t\($0)", rule: Self.rule(&stream, depth: 0)) }
            let scorer = TopicScorer(topics: topics, judgement: nil)
            let text = scorer.match(title: title, summary: summary, source: source)
            #expect(Set(scorer.score(text).map(\.topic)) == Set(scorer.topicsHoldingOnTrees(text)), "\(topics.map(\.rule))")
        }
    }
}
