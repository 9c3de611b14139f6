/// Why an item matched (or not) every topic: for `yuqing explain`.
public struct Explanation: Sendable {
    /// The normalised fields and every term occurrence in them.
    public var text: MatchedText
    /// The normalised text of each automaton pattern (indexed by `Hit.pattern`).
    public var patterns: [String]
    /// Patterns below this index are topic terms (the rest: lexicon and place names).
    public var topicPatternCount: Int
    public var topics: [TopicExplanation]
    /// Sentiment with its evidence, and regions.
    public var judgement: ItemJudgement
}

/// One topic's rule evaluated on one text.
public struct TopicExplanation: Sendable {
    public var topic: String
    /// The rule in the query language.
    public var rule: String
    public var held: Bool
    public var trace: RuleTrace
    public var breakdown: ScoreBreakdown
}

/// A node of a rule tree, with whether it held on the text.
public struct RuleTrace: Sendable {
    public var label: String
    public var held: Bool
    /// For a term: how often it occurs in its fields.
    public var occurrences: Int = 0
    public var children: [RuleTrace]
}

/// The score arithmetic of one topic (see `TopicScorer`).
public struct ScoreBreakdown: Sendable {
    public var contributions: [TermContribution]
    public var proximityBonus: Double
    public var sum: Double
    public var topicWeight: Double
    public var score: Int
}

/// What one matched term adds to a topic's score.
public struct TermContribution: Sendable {
    public var term: String
    public var field: QueryField
    public var occurrences: Int
    public var inTitle: Bool
    public var weight: Double
    public var value: Double
}
