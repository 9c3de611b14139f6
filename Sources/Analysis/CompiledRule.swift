/// A topic rule with every term resolved to its automaton pattern, so evaluation never
/// normalises or looks up text.
indirect enum CompiledNode: Sendable {
    /// `pattern` is nil for a term that normalises to nothing (it never occurs).
    case term(QueryTerm, pattern: Int?)
    case and([CompiledNode])
    case or([CompiledNode])
    case not(CompiledNode)
    case near(CompiledNode, CompiledNode, distance: Int, ordered: Bool)

    init(_ node: QueryNode, pattern: (QueryTerm) -> Int?) {
        switch node {
        case .term(let term): self = .term(term, pattern: pattern(term))
        case .and(let nodes): self = .and(nodes.map { CompiledNode($0, pattern: pattern) })
        case .or(let nodes): self = .or(nodes.map { CompiledNode($0, pattern: pattern) })
        case .not(let inner): self = .not(CompiledNode(inner, pattern: pattern))
        case .near(let left, let right, let distance, let ordered):
            self = .near(CompiledNode(left, pattern: pattern), CompiledNode(right, pattern: pattern), distance: distance, ordered: ordered)
        }
    }

    /// The terms of the tree with their patterns, in order.
    var terms: [(QueryTerm, Int?)] {
        switch self {
        case .term(let term, let pattern): [(term, pattern)]
        case .and(let nodes), .or(let nodes): nodes.flatMap(\.terms)
        case .not(let node): node.terms
        case .near(let left, let right, _, _): left.terms + right.terms
        }
    }
}

/// One topic ready for evaluation.
struct CompiledTopic: Sendable {
    var topic: Topic
    var rule: CompiledNode
    /// The distinct terms that count towards the score, with their patterns.
    var positiveTerms: [(QueryTerm, Int?)]
    /// True when the rule holds on a text with no matches at all (e.g. only `NOT`s
    /// under an OR), so it must be evaluated even when none of its terms occur.
    var holdsWithoutMatches: Bool
}
