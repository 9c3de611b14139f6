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
    /// Each pattern's `TermPattern.boundaryBits`.
    private let boundaries: [UInt8]
    let matcher: MultiPatternMatcher
    let foldTraditional: Bool
    private let compiled: [CompiledTopic]
    /// The same rules as plain operations, for deciding which hold.
    private let program: RuleProgram
    /// For each pattern, the topics that use it: only those are evaluated for an item.
    private let topicsByPattern: [[Int]]
    /// Topics whose rule can hold without any match, evaluated for every item.
    private let alwaysEvaluated: [Int]
    /// The sentiment lexicon and place names in the same automaton.
    private let model: JudgementModel?
    /// Patterns below this index are topic terms; the lexicon's and gazetteer's follow.
    private let topicPatternCount: Int

    /// Compiles every term of every topic into one automaton and every rule onto it, and
    /// with them the sentiment lexicon and place names of `judgement` (nil: no judgement).
    public init(topics: [Topic], foldTraditional: Bool = true, judgement: JudgementSettings? = JudgementSettings()) {
        self.topics = topics
        self.foldTraditional = foldTraditional
        var index: [String: Int] = [:]
        var patterns: [TermPattern] = []
        func pattern(of term: QueryTerm) -> Int? { pattern(text: term.text) }
        func pattern(text: String) -> Int? {
            let normalized = TextNormalizer.normalize(text, foldTraditional: foldTraditional).trimmingWhitespace()
            guard !normalized.isEmpty else { return nil }
            if let existing = index[normalized] { return existing }
            index[normalized] = patterns.count
            patterns.append(TermPattern(normalized))
            return patterns.count - 1
        }
        var compiled: [CompiledTopic] = []
        for topic in topics {
            let rule = CompiledNode(topic.rule, pattern: pattern)
            var seen = Set<QueryTerm>()
            let positive = topic.rule.positiveTerms.filter { seen.insert($0).inserted }.map { ($0, pattern(of: $0)) }
            compiled.append(CompiledTopic(topic: topic, rule: rule, positiveTerms: positive, holdsWithoutMatches: false))
        }
        topicPatternCount = patterns.count
        model = judgement.map { JudgementModel(settings: $0, pattern: pattern(text:)) }
        self.patterns = patterns
        self.boundaries = patterns.map(\.boundaryBits)
        self.matcher = MultiPatternMatcher(patterns: patterns.map(\.text))
        var byPattern = [[Int]](repeating: [], count: patterns.count)
        var always: [Int] = []
        let empty = RuleEvaluator(text: MatchedText(), patterns: patterns)
        for (offset, topic) in compiled.enumerated() {
            for case (_, let pattern?) in topic.rule.terms where byPattern[pattern].last != offset {
                byPattern[pattern].append(offset)
            }
            if empty.holds(topic.rule) {
                compiled[offset].holdsWithoutMatches = true
                always.append(offset)
            }
        }
        self.compiled = compiled
        program = RuleProgram(compiled.map(\.rule))
        self.topicsByPattern = byPattern
        self.alwaysEvaluated = always
    }

    /// The number of distinct terms in the automaton.
    public var termCount: Int { patterns.count }

    /// Normalises the fields of one item and finds every term occurrence in them.
    public func match(title: String, summary: String, source: String = "") -> MatchedText {
        MatchedText(title: title, summary: summary, source: source, matcher: matcher, boundaries: boundaries, foldTraditional: foldTraditional)
    }

    /// Scores for every topic whose rule holds, best first.
    public func score(title: String, summary: String, source: String = "") -> [TopicScore] {
        score(match(title: title, summary: summary, source: source))
    }

    /// Scores for every topic whose rule holds on `text`, best first.
    public func score(_ text: MatchedText) -> [TopicScore] {
        // Most items hold no topic term at all: then only the rules that hold without one
        // can, and with none of those nothing is left to evaluate.
        if alwaysEvaluated.isEmpty && !text.allHits.contains(where: { $0.pattern < topicPatternCount }) { return [] }
        let evaluator = RuleEvaluator(text: text, patterns: patterns, topicPatterns: topicPatternCount)
        var candidates = alwaysEvaluated
        for pattern in evaluator.matchedPatterns { candidates += topicsByPattern[pattern] }
        candidates.sort()
        var results: [TopicScore] = []
        for (index, offset) in candidates.enumerated() where (index == 0 || candidates[index - 1] != offset) && program.holds(topic: offset, evaluator) {
            let breakdown = evaluator.breakdown(compiled[offset])
            results.append(TopicScore(topic: compiled[offset].topic.name, score: breakdown.score, terms: breakdown.contributions.map(\.term)))
        }
        return results.sorted { $0.score > $1.score }
    }

    /// The topics whose rules hold on `text`, decided on the rule trees instead of the
    /// flat program (for tests: the two must agree).
    func topicsHoldingOnTrees(_ text: MatchedText) -> [String] {
        let evaluator = RuleEvaluator(text: text, patterns: patterns, topicPatterns: topicPatternCount)
        return compiled.filter { evaluator.holds($0.rule) }.map(\.topic.name)
    }

    /// The sentiment and regions of a matched text (neutral and none without judgement);
    /// `evidence: false` skips listing the cues.
    /// `sourceRegion` is where a local source is (我市 in its text means that city).
    public func judge(_ text: MatchedText, evidence: Bool = true, sourceRegion: Int? = nil) -> ItemJudgement {
        model?.judge(text, evidence: evidence, sourceRegion: sourceRegion) ?? .none
    }

    /// The regions `judge` can resolve names and codes against.
    public var gazetteer: RegionGazetteer { model?.tagger.gazetteer ?? .standard }

    /// Every topic's rule evaluated on `title`/`summary`/`source`, with the branches that
    /// held and the score arithmetic, for `yuqing explain`.
    public func explain(title: String, summary: String, source: String = "", sourceRegion: Int? = nil) -> Explanation {
        let text = match(title: title, summary: summary, source: source)
        let evaluator = RuleEvaluator(text: text, patterns: patterns, topicPatterns: topicPatternCount)
        let explained = compiled.map { topic in
            TopicExplanation(
                topic: topic.topic.name, rule: topic.topic.rule.description, held: evaluator.holds(topic.rule),
                trace: evaluator.trace(topic.rule), breakdown: evaluator.breakdown(topic))
        }
        return Explanation(
            text: text, patterns: patterns.map(\.text), topicPatternCount: topicPatternCount, topics: explained, judgement: judge(text, sourceRegion: sourceRegion))
    }
}
