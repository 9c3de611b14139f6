import Foundation

/// Evaluates topic rules over the matches found in one item.
struct RuleEvaluator {
    let scorer: TopicScorer
    let text: MatchedText

    /// The fields a term may occur in.
    private func fields(of term: QueryTerm) -> [MatchedText.Field] {
        switch term.field {
        case .text: [.title, .summary]
        case .title: [.title]
        case .summary: [.summary]
        case .source: [.source]
        }
    }

    /// Occurrences of `term` in the fields it is scoped to.
    func occurrences(of term: QueryTerm) -> [(MatchedText.Field, MatchedText.Hit)] {
        guard let pattern = scorer.pattern(of: term) else { return [] }
        return fields(of: term).flatMap { field in
            text.hits[field.rawValue].lazy.filter { $0.pattern == pattern }.map { (field, $0) }
        }
    }

    func holds(_ node: QueryNode) -> Bool {
        switch node {
        case .term(let term): !occurrences(of: term).isEmpty
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
    private func near(_ left: QueryNode, _ right: QueryNode, distance: Int, ordered: Bool) -> Bool {
        let lefts = left.terms.flatMap { term in occurrences(of: term).map { (term, $0.0, $0.1) } }
        let rights = right.terms.flatMap { term in occurrences(of: term).map { (term, $0.0, $0.1) } }
        for (_, leftField, a) in lefts {
            for (_, rightField, b) in rights where leftField == rightField {
                let latin = scorer.patterns[a.pattern].latinOnly && scorer.patterns[b.pattern].latinOnly
                func gap(_ from: Int, _ to: Int) -> Int {
                    latin ? text.wordCount(leftField, from: from, to: to) : text.characterCount(leftField, from: from, to: to)
                }
                if a.end <= b.start {
                    if gap(a.end, b.start) <= distance { return true }
                } else if b.end <= a.start {
                    if !ordered && gap(b.end, a.start) <= distance { return true }
                } else if !ordered && a != b {
                    return true
                }
            }
        }
        return false
    }

    /// How many NEAR/BEFORE clauses hold (each adds to the score).
    private func proximityClauses(_ node: QueryNode) -> Int {
        switch node {
        case .term: 0
        case .and(let nodes), .or(let nodes): nodes.reduce(0) { $0 + proximityClauses($1) }
        case .not: 0
        case .near: holds(node) ? 1 : 0
        }
    }

    /// The score arithmetic for `topic` on this text.
    func breakdown(_ topic: Topic) -> ScoreBreakdown {
        var contributions: [TermContribution] = []
        var seen = Set<QueryTerm>()
        for term in topic.rule.positiveTerms where seen.insert(term).inserted {
            let found = occurrences(of: term)
            guard !found.isEmpty else { continue }
            let inTitle = found.contains { $0.0 == .title }
            let frequency = Double(found.count)
            let value = term.weight * (inTitle ? 2 : 1) * frequency * 2.2 / (frequency + 1.2)
            contributions.append(TermContribution(
                term: term.text, field: term.field, occurrences: found.count, inTitle: inTitle,
                weight: term.weight, value: value))
        }
        let proximity = Double(proximityClauses(topic.rule))
        let sum = contributions.reduce(0) { $0 + $1.value } + proximity
        let relevance = 100 * (1 - exp(-sum / 2)) * topic.weight
        return ScoreBreakdown(
            contributions: contributions, proximityBonus: proximity, sum: sum, topicWeight: topic.weight,
            score: Int(min(100, relevance.rounded())))
    }

    /// The rule tree with whether each branch held.
    func trace(_ node: QueryNode) -> RuleTrace {
        let held = holds(node)
        switch node {
        case .term(let term):
            return RuleTrace(label: QueryNode.term(term).description, held: held, occurrences: occurrences(of: term).count, children: [])
        case .and(let nodes): return RuleTrace(label: "AND", held: held, children: nodes.map(trace))
        case .or(let nodes): return RuleTrace(label: "OR", held: held, children: nodes.map(trace))
        case .not(let inner): return RuleTrace(label: "NOT", held: held, children: [trace(inner)])
        case .near(let left, let right, let distance, let ordered):
            return RuleTrace(label: ordered ? "BEFORE/\(distance)" : "NEAR/\(distance)", held: held, children: [trace(left), trace(right)])
        }
    }
}
