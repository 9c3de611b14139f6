import Foundation

/// Decides an item's sentiment from the lexicon cues found in its title and summary.
///
/// Each distinct cue counts once per item, 1.5× when it is in the title. A negation
/// (未造成, 无一, 没有 …) cancels the next cue in the same clause: a one-character
/// negation only when adjacent (零 anywhere in the clause), a two-character one within 3
/// characters, a longer one anywhere in the clause. A successful response outweighs what
/// it answers — 救援处置 cuts accident, injury, disaster and health cues to 30 %, 执法成效
/// crime and complaint cues, 问题解决 complaint and criticism cues — when it is in the
/// title or the cue it answers is not; deaths (人员伤亡) are never cut. A rumour denial
/// cuts every negative cue to 10 %, a drill to 10 %; a warning, forecast or inspection
/// cuts accident, injury, disaster, health and pollution cues to 30 %; a title that asks a
/// question counts half. A denial also cuts positive cues to 10 % (a denied handout is no
/// good news). The sum (positive minus negative) decides: ≤ −1 negative,
/// ≥ +1 positive, neutral between.
public struct SentimentClassifier: Sendable {
    /// One occurrence of a lexicon entry in a field: UTF-8 offsets into the normalised text.
    public struct Hit: Sendable {
        public var entry: Int
        public var start: Int
        public var end: Int
    }

    public let entries: [SentimentLexicon.Entry]

    public init(lexicon: SentimentLexicon) {
        entries = lexicon.entries.values.sorted { $0.term < $1.term }
    }

    static let resolves: [String: Set<String>] = [
        "救援处置": ["安全事故", "人员受伤", "自然灾害", "公共卫生"],
        "执法成效": ["违法犯罪", "民生投诉"],
        "问题解决": ["民生投诉", "负面评价", "安全事故"],
    ]
    static let damp: [(kind: SentimentLexicon.Kind, factor: Double, categories: Set<String>?)] = [
        (.denial, 0.1, nil),
        (.hypothetical, 0.1, nil),
        (.prospective, 0.3, ["安全事故", "人员受伤", "自然灾害", "公共卫生", "环境污染"]),
    ]

    private struct Cue {
        var entry: Int
        var inTitle: Bool
        var value: Double
        var note: String?
    }

    /// The judgement for `title` and `summary` (normalised UTF-8) with their hits.
    public func judge(title: [UInt8], titleHits: [Hit], summary: [UInt8], summaryHits: [Hit]) -> SentimentJudgement {
        var cues: [Cue] = []
        var counted = Set<Int>()
        var present = Set<SentimentLexicon.Kind>()
        var resolversInTitle = Set<String>()
        let question = Self.isQuestion(title)
        for (text, hits, inTitle) in [(title, titleHits, true), (summary, summaryHits, false)] {
            var negation: (end: Int, reach: Int, term: String)?
            for hit in Self.leftmostLongest(hits) {
                let entry = entries[hit.entry]
                switch entry.kind {
                case .negation:
                    let length = Self.characters(text, hit.start, hit.end)
                    negation = (hit.end, length >= 3 || entry.term == "零" ? 40 : length == 2 ? 3 : 0, entry.term)
                case .neutral:
                    continue
                case .denial, .prospective, .hypothetical, .hearsay:
                    present.insert(entry.kind)
                    if counted.insert(hit.entry).inserted { cues.append(Cue(entry: hit.entry, inTitle: inTitle, value: 0)) }
                case .negative, .positive:
                    defer { negation = nil }
                    if let negation, let gap = Self.clauseGap(text, from: negation.end, to: hit.start), gap <= negation.reach {
                        if counted.insert(hit.entry).inserted {
                            cues.append(Cue(entry: hit.entry, inTitle: inTitle, value: 0, note: "否定「\(negation.term)」"))
                        }
                        continue
                    }
                    guard counted.insert(hit.entry).inserted else { continue }
                    var value = entry.weight * (inTitle ? 1.5 : 1) * (inTitle && question ? 0.5 : 1)
                    if case .negative = entry.kind { value = -value }
                    if case .positive(let category) = entry.kind, Self.resolves[category] != nil {
                        present.insert(entry.kind)
                        if inTitle { resolversInTitle.insert(category) }
                    }
                    cues.append(Cue(entry: hit.entry, inTitle: inTitle, value: value, note: inTitle && question ? "疑问句" : nil))
                }
            }
        }
        let resolving = Set(present.compactMap { kind -> String? in
            if case .positive(let category) = kind, Self.resolves[category] != nil { return category }
            return nil
        })
        var evidence: [SentimentEvidence] = []
        var sum = 0.0
        var byCategory: [String: Double] = [:]
        for cue in cues {
            let entry = entries[cue.entry]
            var value = cue.value
            var note = cue.note
            if case .positive = entry.kind, value != 0, present.contains(.denial) {
                value *= 0.1
                note = SentimentLexicon.Kind.denial.label
            }
            if case .negative(let category) = entry.kind, value != 0 {
                let resolver = resolving.first { resolver in
                    Self.resolves[resolver]?.contains(category) == true && (resolversInTitle.contains(resolver) || !cue.inTitle)
                }
                if let resolver {
                    value *= 0.3
                    note = "处置「\(resolver)」"
                }
                for rule in Self.damp where present.contains(rule.kind) && (rule.categories?.contains(category) ?? true) {
                    value *= rule.factor
                    note = rule.kind.label
                }
                byCategory[category, default: 0] += -value
            }
            sum += value
            evidence.append(SentimentEvidence(term: entry.term, cue: entry.kind.label, inTitle: cue.inTitle, value: value, note: note))
        }
        let sentiment: Sentiment = sum <= -1 ? .negative : sum >= 1 ? .positive : .neutral
        let category = sentiment == .negative ? byCategory.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key : nil
        return SentimentJudgement(sentiment: sentiment, score: tanh(sum / 3), category: category, evidence: evidence)
    }

    /// Hits left to right, a hit inside or overlapping an earlier longer one dropped:
    /// 森林火灾 wins over 火灾, 无人员伤亡 over 伤亡.
    static func leftmostLongest(_ hits: [Hit]) -> [Hit] {
        let ordered = hits.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var kept: [Hit] = []
        var reached = 0
        for hit in ordered where hit.start >= reached {
            kept.append(hit)
            reached = hit.end
        }
        return kept
    }

    /// Characters between `from` and `to` when no clause break lies between them.
    static func clauseGap(_ text: [UInt8], from: Int, to: Int) -> Int? {
        guard from <= to else { return nil }
        let between = String(decoding: text[from..<to], as: UTF8.self)
        if between.unicodeScalars.contains(where: { clauseBreaks.contains($0) }) { return nil }
        return between.unicodeScalars.count
    }

    static func characters(_ text: [UInt8], _ start: Int, _ end: Int) -> Int {
        text[start..<end].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }

    static let clauseBreaks = Set("，。！？；：、,.!?;: “”\"".unicodeScalars)

    /// A title that asks: ends with a question mark, or asks with 吗/么/呢 before one.
    static func isQuestion(_ title: [UInt8]) -> Bool {
        let text = String(decoding: title, as: UTF8.self)
        guard let mark = text.lastIndex(where: { $0 == "?" || $0 == "？" }) else { return false }
        let after = text[text.index(after: mark)...].trimmingCharacters(in: .whitespaces)
        return after.isEmpty || after.count <= 2 || text.contains("吗")
    }
}
