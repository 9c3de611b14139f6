/// The terms that decide sentiment, by kind and weight: yuqing's own categorised lexicon
/// of negative events and positive cues (`SentimentLexicon.standard`), with a deployment's
/// additions and removals applied on top. Compiled into the same automaton as the topic
/// terms, so judging sentiment adds no scan of the text.
public struct SentimentLexicon: Sendable, Equatable {
    /// What a term does.
    public enum Kind: Sendable, Hashable {
        /// An adverse event or judgement of a category (安全事故, 违法犯罪 …).
        case negative(String)
        /// A favourable event of a category (表彰荣誉, 救援处置 …).
        case positive(String)
        /// Cancels the cue right after it: 未造成, 无一, 没有, 零.
        case negation
        /// The item denies a rumour or claim: 辟谣, 系谣言, 不实.
        case denial
        /// A warning, forecast or inspection, not an event: 预警, 预计, 排查.
        case prospective
        /// A drill or simulation: nothing happened (演练, 模拟).
        case hypothetical
        /// A term that only keeps a shorter cue inside it from counting: 失业率, 安全生产.
        case neutral
        /// Issuing something: 发布, 出台, 印发, 召开, 举办.
        case announcement
        /// What is issued: 政策, 办法, 通知, 活动, 热线. With an announcement in the title,
        /// the item is a notice: the benefits and complaints it mentions weigh 30 %.
        case notice
        /// Hearsay: 网传, 据传.
        case hearsay

        /// `负面/安全事故`, `正面/表彰荣誉`, `否定`, … for evidence.
        public var label: String {
            switch self {
            case .negative(let category): "负面/\(category)"
            case .positive(let category): "正面/\(category)"
            case .negation: "否定"
            case .denial: "辟谣"
            case .prospective: "预警"
            case .hypothetical: "演练"
            case .neutral: "中性"
            case .announcement: "发布"
            case .notice: "公告"
            case .hearsay: "传闻"
            }
        }
    }

    public struct Entry: Sendable, Hashable {
        public var term: String
        public var kind: Kind
        public var weight: Double

        public init(term: String, kind: Kind, weight: Double) {
            self.term = term
            self.kind = kind
            self.weight = weight
        }
    }

    /// Entries by term as written (one entry per term: a later definition replaces it).
    public private(set) var entries: [String: Entry] = [:]

    public init(entries: [Entry] = []) {
        for entry in entries { self.entries[entry.term] = entry }
    }

    /// Adds or replaces `term`.
    public mutating func set(_ term: String, kind: Kind, weight: Double) {
        guard !term.isEmpty else { return }
        entries[term] = Entry(term: term, kind: kind, weight: weight)
    }

    /// Removes `term` (a deployment's `remove:` list).
    public mutating func remove(_ term: String) {
        entries[term] = nil
    }

    /// The lexicon from a block of lines `kind weight: term term …` (`#` comments), the
    /// format of the standard data: kind is `负面/类别`, `正面/类别`, `否定`, `辟谣`, `预警`,
    /// `演练`, `中性`, `发布`, `公告` or `传闻`.
    static func parse(_ text: String) -> SentimentLexicon {
        var lexicon = SentimentLexicon()
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let colon = content.firstIndex(of: ":") else { continue }
            let head = content[..<colon].split(separator: " ")
            guard let name = head.first, let kind = kind(named: String(name)) else { continue }
            let weight = head.count > 1 ? Double(head[1]) ?? 1 : 1
            for term in content[content.index(after: colon)...].split(separator: " ") {
                lexicon.set(String(term), kind: kind, weight: weight)
            }
        }
        return lexicon
    }

    /// The kind named `负面/类别`, `正面/类别`, `否定`, `辟谣`, `预警`, `传闻` (or
    /// `negative/…`, `positive/…`, `negation`, `denial`, `prospective`, `hearsay`).
    public static func kind(named name: String) -> Kind? {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        switch parts.first {
        case "负面", "negative": return .negative(parts.count > 1 ? parts[1] : "负面评价")
        case "正面", "positive": return .positive(parts.count > 1 ? parts[1] : "正面评价")
        case "否定", "negation": return .negation
        case "辟谣", "denial": return .denial
        case "预警", "prospective": return .prospective
        case "传闻", "hearsay": return .hearsay
        case "演练", "hypothetical": return .hypothetical
        case "中性", "neutral": return .neutral
        case "发布", "announcement": return .announcement
        case "公告", "notice": return .notice
        default: return nil
        }
    }
}
