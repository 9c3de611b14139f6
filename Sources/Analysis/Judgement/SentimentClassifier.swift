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
/// good news). A title that announces a notice (发布…政策, 举办…活动, 公布…热线) makes it
/// a notice: its benefits, complaints and criticism weigh 30 %. The sum (positive minus negative) decides: ≤ −1 negative,
/// ≥ +1 positive, neutral between.
public struct SentimentClassifier: Sendable {
    /// One occurrence of a lexicon entry in a field: UTF-8 offsets into the normalised text.
    public struct Hit: Sendable, TextSpan {
        public var entry: Int
        public var start: Int
        public var end: Int
    }

    public let entries: [SentimentLexicon.Entry]
    /// Per entry, what the judging loop needs without touching strings: its kind, its
    /// category's bit (negative and positive kinds), the categories a resolver answers.
    private let codes: [Code]
    /// Category names by bit position.
    private let categories: [String]

    private enum Role: UInt8 {
        case negative, positive, negation, denial, prospective, hypothetical, neutral, hearsay, announcement, notice
    }

    private struct Code {
        var role: Role
        var category: UInt64 = 0
        /// For a resolving positive category, the negative categories it answers.
        var resolves: UInt64 = 0
        var weight: Double
    }

    public init(lexicon: SentimentLexicon) {
        entries = lexicon.entries.values.sorted { $0.term < $1.term }
        var categories: [String] = []
        func bit(_ name: String) -> UInt64 {
            if let index = categories.firstIndex(of: name) { return 1 << UInt64(index) }
            guard categories.count < 64 else { return 0 }
            categories.append(name)
            return 1 << UInt64(categories.count - 1)
        }
        for names in Self.resolves.values.map(Array.init) + [Array(Self.prospectiveCategories), ["民生投诉", "负面评价"]] {
            for name in names.sorted() { _ = bit(name) }
        }
        codes = entries.map { entry in
            switch entry.kind {
            case .negative(let category): return Code(role: .negative, category: bit(category), weight: entry.weight)
            case .positive(let category):
                let resolved = (Self.resolves[category] ?? []).reduce(UInt64(0)) { $0 | bit($1) }
                return Code(role: .positive, category: bit(category), resolves: resolved, weight: entry.weight)
            case .negation: return Code(role: .negation, weight: 0)
            case .denial: return Code(role: .denial, weight: 0)
            case .prospective: return Code(role: .prospective, weight: 0)
            case .hypothetical: return Code(role: .hypothetical, weight: 0)
            case .neutral: return Code(role: .neutral, weight: 0)
            case .hearsay: return Code(role: .hearsay, weight: 0)
            case .announcement: return Code(role: .announcement, weight: 0)
            case .notice: return Code(role: .notice, weight: 0)
            }
        }
        self.categories = categories
        var answers = [UInt64](repeating: 0, count: 64)
        for code in codes where code.resolves != 0 && code.category != 0 {
            answers[code.category.trailingZeroBitCount] = code.resolves
        }
        self.answers = answers
        prospectiveMask = Self.prospectiveCategories.reduce(UInt64(0)) { mask, name in
            mask | (categories.firstIndex(of: name).map { 1 << UInt64($0) } ?? 0)
        }
        noticeMask = ["民生投诉", "负面评价"].reduce(UInt64(0)) { mask, name in
            mask | (categories.firstIndex(of: name).map { 1 << UInt64($0) } ?? 0)
        }
    }

    static let resolves: [String: Set<String>] = [
        "救援处置": ["安全事故", "人员受伤", "自然灾害", "公共卫生"],
        "执法成效": ["违法犯罪", "民生投诉"],
        "问题解决": ["民生投诉", "负面评价", "安全事故"],
    ]
    static let prospectiveCategories: Set<String> = ["安全事故", "人员受伤", "自然灾害", "公共卫生", "环境污染"]
    private let prospectiveMask: UInt64
    /// The negative categories a notice's mention weighs less: complaints and criticism.
    private let noticeMask: UInt64
    /// By a resolver category's bit position, the negative categories it answers.
    private let answers: [UInt64]

    private struct Cue {
        var entry: Int
        var inTitle: Bool
        var value: Double
        var note: String?
    }

    /// The judgement for `title` and `summary` (normalised UTF-8) with their hits; with
    /// `evidence` false the cues are weighed but not listed (the per-item path).
    public func judge(title: [UInt8], titleHits: [Hit], summary: [UInt8], summaryHits: [Hit], evidence listing: Bool = true) -> SentimentJudgement {
        if titleHits.isEmpty && summaryHits.isEmpty { return .neutral }
        var cues: [Cue] = []
        var counted: [Int] = []
        var denial = false, prospective = false, hypothetical = false
        var announcing = false, noticing = false
        var resolvers: UInt64 = 0, resolversInTitle: UInt64 = 0
        let question = !titleHits.isEmpty && Self.isQuestion(title)
        for (text, hits, inTitle) in [(title, titleHits, true), (summary, summaryHits, false)] {
            var negation: (end: Int, reach: Int, entry: Int)?
            for hit in hits.leftmostLongest() {
                let code = codes[hit.entry]
                switch code.role {
                case .negation:
                    let length = Self.characters(text, hit.start, hit.end)
                    negation = (hit.end, length >= 3 || entries[hit.entry].term == "零" ? 40 : length == 2 ? 3 : 0, hit.entry)
                case .neutral:
                    continue
                case .announcement, .notice:
                    if inTitle {
                        announcing = announcing || code.role == .announcement
                        noticing = noticing || code.role == .notice
                    }
                case .denial, .prospective, .hypothetical, .hearsay:
                    denial = denial || code.role == .denial
                    prospective = prospective || code.role == .prospective
                    hypothetical = hypothetical || code.role == .hypothetical
                    if listing && !counted.contains(hit.entry) {
                        counted.append(hit.entry)
                        cues.append(Cue(entry: hit.entry, inTitle: inTitle, value: 0))
                    }
                case .negative, .positive:
                    defer { negation = nil }
                    if let negation, let gap = Self.clauseGap(text, from: negation.end, to: hit.start), gap <= negation.reach {
                        if !counted.contains(hit.entry) {
                            counted.append(hit.entry)
                            let note = listing ? "否定「\(entries[negation.entry].term)」" : nil
                            cues.append(Cue(entry: hit.entry, inTitle: inTitle, value: 0, note: note))
                        }
                        continue
                    }
                    guard !counted.contains(hit.entry) else { continue }
                    counted.append(hit.entry)
                    var value = code.weight * (inTitle ? 1.5 : 1) * (inTitle && question ? 0.5 : 1)
                    if code.role == .negative { value = -value }
                    if code.resolves != 0 {
                        resolvers |= code.category
                        if inTitle { resolversInTitle |= code.category }
                    }
                    cues.append(Cue(entry: hit.entry, inTitle: inTitle, value: value, note: listing && inTitle && question ? "疑问句" : nil))
                }
            }
        }
        let notice = announcing && noticing
        var evidence: [SentimentEvidence] = []
        var sum = 0.0
        var byCategory: [(bit: UInt64, weight: Double)] = []
        for cue in cues {
            let code = codes[cue.entry]
            var value = cue.value
            var note = cue.note
            if code.role == .positive, value != 0, denial {
                value *= 0.1
                if listing { note = SentimentLexicon.Kind.denial.label }
            }
            if notice, value != 0, code.role == .positive || code.category & noticeMask != 0 {
                value *= 0.3
                if listing { note = SentimentLexicon.Kind.notice.label }
            }
            if code.role == .negative, value != 0 {
                // The resolvers present that answer this category: from the title, or any
                // when this cue is not in the title.
                let answering = resolverBits(answering: code.category, present: cue.inTitle ? resolversInTitle : resolvers)
                if answering != 0 {
                    value *= 0.3
                    if listing { note = "处置「\(categories[answering.trailingZeroBitCount])」" }
                }
                if denial {
                    value *= 0.1
                    if listing { note = SentimentLexicon.Kind.denial.label }
                }
                if hypothetical {
                    value *= 0.1
                    if listing { note = SentimentLexicon.Kind.hypothetical.label }
                }
                if prospective && code.category & prospectiveMask != 0 {
                    value *= 0.3
                    if listing { note = SentimentLexicon.Kind.prospective.label }
                }
                if let index = byCategory.firstIndex(where: { $0.bit == code.category }) {
                    byCategory[index].weight -= value
                } else {
                    byCategory.append((code.category, -value))
                }
            }
            sum += value
            if listing {
                let entry = entries[cue.entry]
                evidence.append(SentimentEvidence(term: entry.term, cue: entry.kind.label, inTitle: cue.inTitle, value: value, note: note))
            }
        }
        let sentiment: Sentiment = sum <= -1 ? .negative : sum >= 1 ? .positive : .neutral
        var category: String?
        if sentiment == .negative {
            // A deployment with more than 64 categories shares bit 0 for the rest: 其他.
            let names = byCategory.map { (name: $0.bit == 0 ? "其他" : categories[$0.bit.trailingZeroBitCount], weight: $0.weight) }
            category = names.max { $0.weight < $1.weight || ($0.weight == $1.weight && $0.name > $1.name) }?.name
        }
        return SentimentJudgement(sentiment: sentiment, score: tanh(sum / 3), category: category, evidence: evidence)
    }

    /// Among the resolver categories in `present`, those answering `category`, as bits of
    /// the resolvers (the lowest set bit names the first).
    private func resolverBits(answering category: UInt64, present: UInt64) -> UInt64 {
        guard category != 0 else { return 0 }
        var result: UInt64 = 0
        var remaining = present
        while remaining != 0 {
            let position = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            if answers[position] & category != 0 { result |= 1 << UInt64(position) }
        }
        return result
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

    /// A title that asks: ends with a question mark (full-width ones are folded to `?`),
    /// or asks with 吗 before one.
    static func isQuestion(_ title: [UInt8]) -> Bool {
        guard let mark = title.lastIndex(of: UInt8(ascii: "?")) else { return false }
        let after = title[(mark + 1)...].reduce(0) { $0 + ($1 & 0xC0 != 0x80 && $1 != 0x20 ? 1 : 0) }
        if after <= 2 { return true }
        let ma: [UInt8] = [0xE5, 0x90, 0x97]
        return title.indices.dropLast(2).contains { title[$0] == ma[0] && title[$0 + 1] == ma[1] && title[$0 + 2] == ma[2] }
    }
}
