/// A topic analysts watch: keyword lists combined as
/// (any-of) ∧ (all-of) ∧ ¬(none-of), with a weight applied to its score.
public struct Topic: Sendable, Equatable, Codable {
    public var name: String
    /// At least one must occur (ignored when empty).
    public var any: [String]
    /// Every one must occur.
    public var all: [String]
    /// None may occur.
    public var none: [String]
    /// Multiplies the topic's relevance (capped at 100).
    public var weight: Double

    public init(name: String, any: [String] = [], all: [String] = [], none: [String] = [], weight: Double = 1) {
        self.name = name
        self.any = any
        self.all = all
        self.none = none
        self.weight = weight
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
