import Foundation

/// Scores text against all topics in one pass: every term of every topic is compiled
/// into one `MultiPatternMatcher` over the normalised text.
///
/// Matching: CJK terms match as substrings; a term that begins (ends) with a Latin letter
/// or digit matches only where the text has no letter or digit just before (after) it,
/// so `ai` never matches "said" while `AI` matches "AI芯片".
///
/// Score per topic, when its rule holds: for every distinct positive term t with `tf`
/// occurrences in title and summary, `c(t) = (title hit ? 2 : 1) · tf·2.2/(tf+1.2)`;
/// `relevance = round(100 · (1 − e^(−Σc/2)) · weight)`, capped at 100.
public struct TopicScorer: Sendable {
    private struct Term: Sendable {
        var text: String
        var latinStart: Bool
        var latinEnd: Bool
    }

    private let topics: [Topic]
    private let terms: [Term]
    private let termIndex: [String: Int]
    private let matcher: MultiPatternMatcher

    public init(topics: [Topic]) {
        self.topics = topics
        var index: [String: Int] = [:]
        var terms: [Term] = []
        for topic in topics {
            for raw in topic.any + topic.all + topic.none {
                let normalized = TextNormalizer.normalize(raw).trimmingCharacters(in: .whitespaces)
                guard !normalized.isEmpty, index[normalized] == nil else { continue }
                index[normalized] = terms.count
                let scalars = normalized.unicodeScalars
                terms.append(Term(
                    text: normalized,
                    latinStart: scalars.first.map(TextNormalizer.isWordScalar) ?? false,
                    latinEnd: scalars.last.map(TextNormalizer.isWordScalar) ?? false))
            }
        }
        self.terms = terms
        self.termIndex = index
        self.matcher = MultiPatternMatcher(patterns: terms.map(\.text))
    }

    /// Scores for every topic whose rule holds, best first.
    public func score(title: String, summary: String) -> [TopicScore] {
        let titleCounts = counts(in: title)
        let bodyCounts = counts(in: summary)
        var results: [TopicScore] = []
        for topic in topics {
            func present(_ raw: String) -> Bool {
                guard let id = id(of: raw) else { return false }
                return titleCounts[id, default: 0] + bodyCounts[id, default: 0] > 0
            }
            if topic.none.contains(where: present) { continue }
            if !topic.all.allSatisfy(present) { continue }
            if !topic.any.isEmpty && !topic.any.contains(where: present) { continue }
            if topic.any.isEmpty && topic.all.isEmpty { continue }
            var total = 0.0
            var matched: [String] = []
            var seen = Set<Int>()
            for raw in topic.all + topic.any {
                guard let id = id(of: raw), !seen.contains(id) else { continue }
                let inTitle = titleCounts[id, default: 0]
                let frequency = Double(inTitle + bodyCounts[id, default: 0])
                guard frequency > 0 else { continue }
                seen.insert(id)
                matched.append(raw)
                total += (inTitle > 0 ? 2 : 1) * frequency * 2.2 / (frequency + 1.2)
            }
            let relevance = 100 * (1 - exp(-total / 2)) * topic.weight
            results.append(TopicScore(topic: topic.name, score: Int(min(100, relevance.rounded())), terms: matched))
        }
        return results.sorted { $0.score > $1.score }
    }

    private func id(of raw: String) -> Int? {
        termIndex[TextNormalizer.normalize(raw).trimmingCharacters(in: .whitespaces)]
    }

    private func counts(in text: String) -> [Int: Int] {
        let scalars = Array(TextNormalizer.normalize(text).unicodeScalars)
        var counts: [Int: Int] = [:]
        for match in matcher.matches(in: scalars) {
            let term = terms[match.pattern]
            if term.latinStart && match.start > 0 && TextNormalizer.isWordScalar(scalars[match.start - 1]) { continue }
            if term.latinEnd && match.end < scalars.count && TextNormalizer.isWordScalar(scalars[match.end]) { continue }
            counts[match.pattern, default: 0] += 1
        }
        return counts
    }
}
