/// The tone of what an item reports (情感倾向): an adverse event, wrongdoing or complaint
/// is negative; an achievement, benefit or successful response positive; announcements,
/// forecasts and rumour denials neutral.
public enum Sentiment: String, Sendable, Codable, CaseIterable, Comparable {
    case negative, neutral, positive

    /// 负面 / 中性 / 正面, as analysts write it.
    public var label: String {
        switch self {
        case .negative: "负面"
        case .neutral: "中性"
        case .positive: "正面"
        }
    }

    /// From `negative`/`neutral`/`positive`, `neg`/`neu`/`pos` or 负面/中性/正面.
    public init?(name: String) {
        switch name.lowercased() {
        case "negative", "neg", "负面": self = .negative
        case "neutral", "neu", "中性": self = .neutral
        case "positive", "pos", "正面": self = .positive
        default: return nil
        }
    }

    public static func < (lhs: Sentiment, rhs: Sentiment) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// What decided an item's sentiment: each cue found, what it added and what changed it.
public struct SentimentEvidence: Sendable, Equatable {
    /// The term as found (normalised).
    public var term: String
    /// `负面/安全事故`, `正面/表彰荣誉`, `否定`, `辟谣`, `预警`, `疑问`.
    public var cue: String
    public var inTitle: Bool
    /// Signed contribution to the score after every adjustment (0 when cancelled).
    public var value: Double
    /// Why the value differs from the term's weight: `否定「未造成」`, `辟谣`, `处置「救出」`…
    public var note: String?
}

/// An item's sentiment with its score and evidence.
public struct SentimentJudgement: Sendable, Equatable {
    public var sentiment: Sentiment
    /// Positive minus negative weight, squashed to −1…1 (`tanh(sum/3)`).
    public var score: Double
    /// The negative category that weighed most, e.g. `安全事故` (nil unless negative).
    public var category: String?
    public var evidence: [SentimentEvidence]

    public static let neutral = SentimentJudgement(sentiment: .neutral, score: 0, category: nil, evidence: [])
}
