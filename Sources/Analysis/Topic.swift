/// A topic analysts watch: a rule over terms (the query language, structured groups, or
/// `any`/`all`/`none` lists, all compiled to one `QueryNode`) and a weight.
public struct Topic: Sendable, Hashable {
    public var name: String
    public var rule: QueryNode
    /// Multiplies the topic's relevance (capped at 100).
    public var weight: Double

    public init(name: String, rule: QueryNode, weight: Double = 1) {
        self.name = name
        self.rule = rule
        self.weight = weight
    }

    /// A topic from a query such as `(暴雨 | 洪水) NEAR/10 (转移 | 被困) -演练`.
    public init(name: String, query: String, weight: Double = 1) throws(QueryError) {
        self.init(name: name, rule: try QueryParser.parse(query), weight: weight)
    }

    /// The list form: (any of `any`) ∧ (all of `all`) ∧ ¬(any of `none`).
    public init(name: String, any: [String] = [], all: [String] = [], none: [String] = [], weight: Double = 1) {
        var parts: [QueryNode] = all.map { .term(QueryTerm($0)) }
        if let group = Self.alternatives(any) { parts.append(group) }
        if let excluded = Self.alternatives(none) { parts.append(.not(excluded)) }
        self.init(name: name, rule: parts.count == 1 ? parts[0] : .and(parts), weight: weight)
    }

    /// The structured form public-opinion analysts use: region ∧ subject ∧ event ∧
    /// ¬exclusions, each group a list of alternatives; empty groups are left out.
    public static func structured(
        name: String, region: [String] = [], subject: [String] = [], event: [String] = [],
        exclude: [String] = [], weight: Double = 1
    ) -> Topic {
        var parts = [region, subject, event].compactMap(alternatives)
        if let excluded = alternatives(exclude) { parts.append(.not(excluded)) }
        return Topic(name: name, rule: parts.count == 1 ? parts[0] : .and(parts), weight: weight)
    }

    /// Terms as alternatives; a list entry may carry a weight as `term^2`.
    static func alternatives(_ words: [String]) -> QueryNode? {
        let terms = words.map(weightedTerm)
        guard !terms.isEmpty else { return nil }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private static func weightedTerm(_ word: String) -> QueryNode {
        if let caret = word.lastIndex(of: "^"), caret != word.startIndex,
            let weight = Double(word[word.index(after: caret)...]), weight > 0, weight <= 100
        {
            return .term(QueryTerm(String(word[..<caret]), weight: weight))
        }
        return .term(QueryTerm(word))
    }
}

/// How relevant an item is to one topic, and why.
public struct TopicScore: Sendable, Equatable, Codable {
    public var topic: String
    /// 0–100.
    public var score: Int
    /// The terms that matched, as configured.
    public var terms: [String]

    public init(topic: String, score: Int, terms: [String]) {
        self.topic = topic
        self.score = score
        self.terms = terms
    }
}
