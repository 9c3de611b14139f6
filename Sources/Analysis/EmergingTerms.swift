import Foundation

/// Finds phrases whose frequency bursts in a recent window against a baseline window,
/// with no configured keyword: character bigrams of Chinese titles (and Latin words),
/// counted once per story, scored like trends (Anscombe deviation of the current story
/// count from the baseline rate scaled to the current window), then grown into longer
/// phrases while almost every story that has the bigram has the longer form too.
public struct EmergingTerms: Sendable {
    public struct Term: Sendable, Codable, Equatable {
        public var phrase: String
        /// Stories containing it in the current window, and in the baseline window.
        public var current: Int
        public var baseline: Int
        public var expected: Double
        public var score: Double
        public var example: String
    }

    /// Characters that do not begin or end a phrase (particles, conjunctions, prepositions).
    static let stopEdges = Set("的了是在和与及为等将对也都被把从以于而或并其之这那有个年月日时后前上下中".unicodeScalars)

    public var minStories = 3
    public var threshold = 3.0
    public var limit = 20

    public init(minStories: Int = 3, threshold: Double = 3, limit: Int = 20) {
        self.minStories = minStories
        self.threshold = threshold
        self.limit = limit
    }

    /// `current` and `baseline` are the titles of distinct stories in each window.
    public func find(current: [String], baseline: [String]) -> [Term] {
        let currentTexts = current.map { TextNormalizer.normalize($0) }
        let currentTerms = currentTexts.map(Self.terms)
        let baselineTerms = baseline.map { Self.terms(TextNormalizer.normalize($0)) }
        var currentCount: [String: Int] = [:]
        var example: [String: Int] = [:]
        for (index, terms) in currentTerms.enumerated() {
            for term in terms {
                currentCount[term, default: 0] += 1
                if example[term] == nil { example[term] = index }
            }
        }
        var baselineCount: [String: Int] = [:]
        for terms in baselineTerms { for term in terms where currentCount[term] != nil { baselineCount[term, default: 0] += 1 } }
        let scale = Double(max(1, currentTexts.count)) / Double(max(1, baseline.count))
        var scored: [Term] = []
        for (term, count) in currentCount where count >= minStories {
            let expected = (Double(baselineCount[term] ?? 0) + 0.5) * scale
            let score = TrendDetector.anscombe(Double(count), expected)
            guard score >= threshold else { continue }
            scored.append(Term(
                phrase: term, current: count, baseline: baselineCount[term] ?? 0, expected: (expected * 10).rounded() / 10,
                score: (score * 100).rounded() / 100, example: current[example[term] ?? 0]))
        }
        scored.sort { ($0.score, $0.phrase) > ($1.score, $1.phrase) }
        var result: [Term] = []
        for var term in scored {
            term.phrase = Self.grow(term.phrase, in: currentTexts, count: term.current)
            if result.contains(where: { $0.phrase.contains(term.phrase) || term.phrase.contains($0.phrase) }) { continue }
            result.append(term)
            if result.count == limit { break }
        }
        return result
    }

    /// CJK bigrams without a stop character at either edge, and Latin words of 2+ letters;
    /// each once per text.
    static func terms(_ text: String) -> Set<String> {
        var terms = Set<String>()
        let scalars = Array(text.unicodeScalars)
        var word = ""
        for (index, scalar) in scalars.enumerated() {
            if TextNormalizer.isWordScalar(scalar) {
                word.unicodeScalars.append(scalar)
            } else {
                if word.count >= 2 { terms.insert(word) }
                word = ""
            }
            guard index + 1 < scalars.count, TextNormalizer.isCJK(scalar), TextNormalizer.isCJK(scalars[index + 1]),
                !stopEdges.contains(scalar), !stopEdges.contains(scalars[index + 1])
            else { continue }
            var bigram = String.UnicodeScalarView()
            bigram.append(scalar)
            bigram.append(scalars[index + 1])
            terms.insert(String(bigram))
        }
        if word.count >= 2 { terms.insert(word) }
        return terms
    }

    /// Extends `phrase` one character at a time (right, then left) while at least 80 % of
    /// the texts containing it contain the longer form, up to 12 characters.
    static func grow(_ phrase: String, in texts: [String], count: Int) -> String {
        var phrase = phrase
        while phrase.count < 12 {
            var extensions: [String: Int] = [:]
            for text in texts where text.contains(phrase) {
                var seen = Set<String>()
                var searchStart = text.startIndex
                while let range = text.range(of: phrase, range: searchStart..<text.endIndex) {
                    if range.upperBound < text.endIndex {
                        let next = text[range.upperBound]
                        if next.unicodeScalars.allSatisfy(TextNormalizer.isCJK) { seen.insert(phrase + String(next)) }
                    }
                    if range.lowerBound > text.startIndex {
                        let previous = text[text.index(before: range.lowerBound)]
                        if previous.unicodeScalars.allSatisfy(TextNormalizer.isCJK) { seen.insert(String(previous) + phrase) }
                    }
                    searchStart = range.upperBound
                }
                for candidate in seen { extensions[candidate, default: 0] += 1 }
            }
            guard let best = extensions.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), Double(best.value) >= 0.8 * Double(count),
                let edge = best.key.unicodeScalars.first, let last = best.key.unicodeScalars.last,
                !stopEdges.contains(edge) || best.key.hasPrefix(phrase), !stopEdges.contains(last) || best.key.hasSuffix(phrase)
            else { break }
            phrase = best.key
        }
        return phrase
    }
}
