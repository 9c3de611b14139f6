import Foundation

/// Evaluates compiled topic rules over the matches found in one item.
struct RuleEvaluator {
    typealias Occurrence = (field: MatchedText.Field, hit: MatchedText.Hit)

    let text: MatchedText
    let patterns: [TermPattern]
    /// Every occurrence by pattern, gathered once per item.
    let occurrencesByPattern: [Int: [Occurrence]]

    /// `topicPatterns`: hits of patterns at or above it (lexicon, place names) are not
    /// topic terms and are left out.
    init(text: MatchedText, patterns: [TermPattern], topicPatterns: Int = .max) {
        self.text = text
        self.patterns = patterns
        var byPattern: [Int: [Occurrence]] = [:]
        for field in MatchedText.Field.allCases {
            for hit in text.hits[field.rawValue] where hit.pattern < topicPatterns { byPattern[hit.pattern, default: []].append((field, hit)) }
        }
        occurrencesByPattern = byPattern
    }

    /// Patterns that occur anywhere in the text.
    var matchedPatterns: Dictionary<Int, [Occurrence]>.Keys { occurrencesByPattern.keys }

    /// Occurrences of a term in the fields it is scoped to.
    func occurrences(of term: QueryTerm, pattern: Int?) -> [Occurrence] {
        guard let pattern, let all = occurrencesByPattern[pattern] else { return [] }
        switch term.field {
        case .text: return all.filter { $0.field != .source }
        case .title: return all.filter { $0.field == .title }
        case .summary: return all.filter { $0.field == .summary }
        case .source: return all.filter { $0.field == .source }
        }
    }

    func holds(_ node: CompiledNode) -> Bool {
        switch node {
        case .term(let term, let pattern): !occurrences(of: term, pattern: pattern).isEmpty
        case .and(let nodes): nodes.allSatisfy(holds)
        case .or(let nodes): nodes.contains(where: holds)
        case .not(let node): !holds(node)
        case .near(let left, let right, let distance, let ordered):
            near(left, right, distance: distance, ordered: ordered)
        }
    }

    /// True when an occurrence of a term on the left and one on the right lie in the same
    /// field within `distance` characters (words, when both terms are Latin) of each
    /// other; with `ordered`, the left one must end before the right one starts.
    private func near(_ left: CompiledNode, _ right: CompiledNode, distance: Int, ordered: Bool) -> Bool {
        let lefts = left.terms.flatMap { occurrences(of: $0.0, pattern: $0.1) }
        let rights = right.terms.flatMap { occurrences(of: $0.0, pattern: $0.1) }
        for a in lefts {
            for b in rights where a.field == b.field {
                let latin = patterns[a.hit.pattern].latinOnly && patterns[b.hit.pattern].latinOnly
                func gap(_ from: Int, _ to: Int) -> Int {
                    latin ? text.wordCount(a.field, from: from, to: to) : text.characterCount(a.field, from: from, to: to)
                }
                if a.hit.end <= b.hit.start {
                    if gap(a.hit.end, b.hit.start) <= distance { return true }
                } else if b.hit.end <= a.hit.start {
                    if !ordered && gap(b.hit.end, a.hit.start) <= distance { return true }
                } else if !ordered && a.hit != b.hit {
                    return true
                }
            }
        }
        return false
    }

    /// How many NEAR/BEFORE clauses hold outside NOT (each adds to the score).
    private func proximityClauses(_ node: CompiledNode) -> Int {
        switch node {
        case .term, .not: 0
        case .and(let nodes), .or(let nodes): nodes.reduce(0) { $0 + proximityClauses($1) }
        case .near: holds(node) ? 1 : 0
        }
    }

    /// The score arithmetic for a topic on this text.
    func breakdown(_ compiled: CompiledTopic) -> ScoreBreakdown {
        var contributions: [TermContribution] = []
        for (term, pattern) in compiled.positiveTerms {
            let found = occurrences(of: term, pattern: pattern)
            guard !found.isEmpty else { continue }
            let inTitle = found.contains { $0.field == .title }
            let frequency = Double(found.count)
            let value = term.weight * (inTitle ? 2 : 1) * frequency * 2.2 / (frequency + 1.2)
            contributions.append(TermContribution(
                term: term.text, field: term.field, occurrences: found.count, inTitle: inTitle,
                weight: term.weight, value: value))
        }
        let proximity = Double(proximityClauses(compiled.rule))
        let sum = contributions.reduce(0) { $0 + $1.value } + proximity
        let weight = compiled.topic.weight
        let relevance = 100 * (1 - exp(-sum / 2)) * weight
        return ScoreBreakdown(
            contributions: contributions, proximityBonus: proximity, sum: sum, topicWeight: weight,
            score: Int(min(100, relevance.rounded())))
    }

    /// The rule tree with whether each branch held.
    func trace(_ node: CompiledNode) -> RuleTrace {
        let held = holds(node)
        switch node {
        case .term(let term, let pattern):
            return RuleTrace(
                label: QueryNode.term(term).description, held: held,
                occurrences: occurrences(of: term, pattern: pattern).count, children: [])
        case .and(let nodes): return RuleTrace(label: "AND", held: held, children: nodes.map(trace))
        case .or(let nodes): return RuleTrace(label: "OR", held: held, children: nodes.map(trace))
        case .not(let inner): return RuleTrace(label: "NOT", held: held, children: [trace(inner)])
        case .near(let left, let right, let distance, let ordered):
            return RuleTrace(label: ordered ? "BEFORE/\(distance)" : "NEAR/\(distance)", held: held, children: [trace(left), trace(right)])
        }
    }
}
