import Foundation

/// Evaluates compiled topic rules over the matches found in one item.
struct RuleEvaluator {
    typealias Occurrence = (field: MatchedText.Field, hit: MatchedText.Hit)

    let text: MatchedText
    let patterns: [TermPattern]
    /// Every topic-term occurrence, grouped by pattern (ascending), then by field and end.
    private let found: [Occurrence]
    /// The distinct patterns found, ascending, each with where its occurrences lie in
    /// `found` and the fields they are in (bit `1 << field`). One small array, searched by
    /// bisection: an item has a handful of patterns.
    private let groups: [Group]

    private struct Group {
        var pattern: Int
        var start: Int32
        var end: Int32
        var fields: UInt8
    }

    /// `topicPatterns`: hits of patterns at or above it (lexicon, place names) are not
    /// topic terms and are left out.
    init(text: MatchedText, patterns: [TermPattern], topicPatterns: Int = .max) {
        self.text = text
        self.patterns = patterns
        var all: [Occurrence] = []
        all.reserveCapacity(text.allHits.count)
        for field in MatchedText.Field.allCases {
            for hit in text.hits(field) where hit.pattern < topicPatterns { all.append((field, hit)) }
        }
        all.sort { ($0.hit.pattern, $0.field.rawValue, $0.hit.end, $0.hit.start) < ($1.hit.pattern, $1.field.rawValue, $1.hit.end, $1.hit.start) }
        var groups: [Group] = []
        groups.reserveCapacity(all.count)
        for (index, occurrence) in all.enumerated() {
            if groups.last?.pattern != occurrence.hit.pattern {
                groups.append(Group(pattern: occurrence.hit.pattern, start: Int32(index), end: Int32(index), fields: 0))
            }
            groups[groups.count - 1].end = Int32(index + 1)
            groups[groups.count - 1].fields |= 1 << UInt8(occurrence.field.rawValue)
        }
        found = all
        self.groups = groups
    }

    /// Patterns that occur anywhere in the text, ascending.
    var matchedPatterns: some Sequence<Int> { groups.lazy.map(\.pattern) }

    /// Where `pattern` is in `groups`, or nil when it does not occur.
    private func group(of pattern: Int?) -> Int? {
        guard let pattern else { return nil }
        var (low, high) = (0, groups.count)
        while low < high {
            let middle = (low + high) / 2
            if groups[middle].pattern < pattern { low = middle + 1 } else { high = middle }
        }
        return low < groups.count && groups[low].pattern == pattern ? low : nil
    }

    /// The fields a term is scoped to, as `Group.fields` bits.
    static func scope(_ field: QueryField) -> UInt8 {
        switch field {
        case .text: 0b011
        case .title: 0b001
        case .summary: 0b010
        case .source: 0b100
        }
    }

    /// The fields `pattern` occurs in (bit `1 << field`; 0 when it does not occur).
    func fields(of pattern: Int) -> UInt8 {
        group(of: pattern).map { groups[$0].fields } ?? 0
    }

    /// Whether a term occurs in the fields it is scoped to.
    private func occurs(_ term: QueryTerm, pattern: Int?) -> Bool {
        guard let group = group(of: pattern) else { return false }
        return groups[group].fields & Self.scope(term.field) != 0
    }

    /// Occurrences of a term in the fields it is scoped to.
    func occurrences(of term: QueryTerm, pattern: Int?) -> [Occurrence] {
        guard let group = group(of: pattern) else { return [] }
        let scope = Self.scope(term.field)
        return found[Int(groups[group].start)..<Int(groups[group].end)].filter { scope & (1 << UInt8($0.field.rawValue)) != 0 }
    }

    func holds(_ node: CompiledNode) -> Bool {
        switch node {
        case .term(let term, let pattern): occurs(term, pattern: pattern)
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
