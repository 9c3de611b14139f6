/// Where a query term must occur.
public enum QueryField: String, Sendable, Hashable, CaseIterable {
    /// Title or summary (a term without a field).
    case text
    case title
    case summary
    /// The source id and name; a filter that adds nothing to the score.
    case source

    /// Field names accepted before a colon, English and Chinese.
    static let names: [String: QueryField] = [
        "title": .title, "summary": .summary, "source": .source,
        "标题": .title, "摘要": .summary, "正文": .summary, "来源": .source,
    ]
}

/// One term of a query: a word or a quoted phrase, where it must occur and its weight.
public struct QueryTerm: Sendable, Hashable {
    /// The term as written (without quotes).
    public var text: String
    public var field: QueryField
    /// Multiplies the term's contribution to the score (`term^2`); 1 by default.
    public var weight: Double

    public init(_ text: String, field: QueryField = .text, weight: Double = 1) {
        self.text = text
        self.field = field
        self.weight = weight
    }
}

/// A parsed topic rule. Structured groups and `any`/`all`/`none` lists compile to the
/// same tree as the query language.
public indirect enum QueryNode: Sendable, Hashable {
    case term(QueryTerm)
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
    /// Both sides within `distance` characters (words, when both are Latin) of each
    /// other in the same field; `ordered` (BEFORE/n) requires the left side first.
    case near(QueryNode, QueryNode, distance: Int, ordered: Bool)

    /// Every term in the tree, in order.
    public var terms: [QueryTerm] {
        switch self {
        case .term(let term): [term]
        case .and(let nodes), .or(let nodes): nodes.flatMap(\.terms)
        case .not(let node): node.terms
        case .near(let left, let right, _, _): left.terms + right.terms
        }
    }

    /// The terms that count towards the score: outside NOT, and not `source:` filters.
    public var positiveTerms: [QueryTerm] {
        switch self {
        case .term(let term): term.field == .source ? [] : [term]
        case .and(let nodes), .or(let nodes): nodes.flatMap(\.positiveTerms)
        case .not: []
        case .near(let left, let right, _, _): left.positiveTerms + right.positiveTerms
        }
    }

    /// The rule in the query language, fully parenthesised where precedence needs it.
    public var description: String { render(parent: 0) }

    private func render(parent: Int) -> String {
        func wrap(_ text: String, _ level: Int) -> String { level < parent ? "(\(text))" : text }
        switch self {
        case .term(let term):
            let needsQuotes = term.text.contains(where: { $0 == " " || "()（）&|\"".contains($0) })
                || ["AND", "OR", "NOT"].contains(term.text) || term.text.hasPrefix("-")
            var text = needsQuotes ? "\"\(term.text)\"" : term.text
            if term.field != .text { text = "\(term.field.rawValue):\(text)" }
            if term.weight != 1 { text += "^\(Self.format(term.weight))" }
            return text
        case .or(let nodes): return wrap(nodes.map { $0.render(parent: 1) }.joined(separator: " OR "), 1)
        case .and(let nodes): return wrap(nodes.map { $0.render(parent: 2) }.joined(separator: " AND "), 2)
        case .not(let node): return "NOT " + node.render(parent: 3)
        case .near(let left, let right, let distance, let ordered):
            let op = ordered ? "BEFORE/\(distance)" : "NEAR/\(distance)"
            return wrap("\(left.render(parent: 4)) \(op) \(right.render(parent: 5))", 4)
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
