import Foundation

/// Scores text against all topics in one pass: every term of every topic is compiled
/// into one `MultiPatternMatcher` over the normalised text, and each topic's rule is then
/// evaluated over the set of matches.
///
/// Matching: CJK terms match as substrings; a term that begins (ends) with a Latin letter
/// or digit matches only where the text has no letter or digit just before (after) it,
/// so `ai` never matches "said" while `AI` matches "AI芯片".
///
/// Score per topic, when its rule holds: for every distinct positive term t (outside NOT,
/// not a `source:` filter) with `tf` occurrences in its fields and weight `w`,
/// `c(t) = w · (title hit ? 2 : 1) · tf·2.2/(tf+1.2)`; every NEAR/BEFORE that holds adds
/// 1; `relevance = round(100 · (1 − e^(−Σ/2)) · topic weight)`, capped at 100.
public struct TopicScorer: Sendable {
    public let topics: [Topic]
    let patterns: [TermPattern]
    private let patternIndex: [String: Int]
    let matcher: MultiPatternMatcher
    let foldTraditional: Bool

    /// Compiles every term of every topic into one automaton.
    public init(topics: [Topic], foldTraditional: Bool = true) {
        self.topics = topics
        self.foldTraditional = foldTraditional
        var index: [String: Int] = [:]
        var patterns: [TermPattern] = []
        for topic in topics {
            for term in topic.rule.terms {
                let normalized = Self.normalize(term.text, foldTraditional: foldTraditional)
                guard !normalized.isEmpty, index[normalized] == nil else { continue }
                index[normalized] = patterns.count
                patterns.append(TermPattern(normalized))
            }
        }
        self.patterns = patterns
        self.patternIndex = index
        self.matcher = MultiPatternMatcher(patterns: patterns.map(\.text))
    }

    /// The number of distinct terms in the automaton.
    public var termCount: Int { patterns.count }

    /// Normalises the fields of one item and finds every term occurrence in them.
    public func match(title: String, summary: String, source: String = "") -> MatchedText {
        MatchedText(title: title, summary: summary, source: source, matcher: matcher, patterns: patterns, foldTraditional: foldTraditional)
    }

    /// Scores for every topic whose rule holds, best first.
    public func score(title: String, summary: String, source: String = "") -> [TopicScore] {
        score(match(title: title, summary: summary, source: source))
    }

    /// Scores for every topic whose rule holds on `text`, best first.
    public func score(_ text: MatchedText) -> [TopicScore] {
        let evaluator = RuleEvaluator(scorer: self, text: text)
        var results: [TopicScore] = []
        for topic in topics where evaluator.holds(topic.rule) {
            let breakdown = evaluator.breakdown(topic)
            results.append(TopicScore(topic: topic.name, score: breakdown.score, terms: breakdown.contributions.map(\.term)))
        }
        return results.sorted { $0.score > $1.score }
    }

    /// Every topic's rule evaluated on `title`/`summary`/`source`, with the branches that
    /// held and the score arithmetic, for `yuqing explain`.
    public func explain(title: String, summary: String, source: String = "") -> Explanation {
        let text = match(title: title, summary: summary, source: source)
        let evaluator = RuleEvaluator(scorer: self, text: text)
        let explained = topics.map { topic in
            let held = evaluator.holds(topic.rule)
            return TopicExplanation(
                topic: topic.name, rule: topic.rule.description, held: held,
                trace: evaluator.trace(topic.rule), breakdown: evaluator.breakdown(topic))
        }
        return Explanation(text: text, patterns: patterns.map(\.text), topics: explained)
    }

    /// The automaton pattern a term is matched by, if the term is not empty.
    func pattern(of term: QueryTerm) -> Int? {
        patternIndex[Self.normalize(term.text, foldTraditional: foldTraditional)]
    }

    static func normalize(_ term: String, foldTraditional: Bool) -> String {
        TextNormalizer.normalize(term, foldTraditional: foldTraditional).trimmingWhitespace()
    }
}
