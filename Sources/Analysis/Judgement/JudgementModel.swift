/// What the engine judges besides relevance, compiled into the topic scorer's automaton:
/// the sentiment lexicon and the gazetteer's place names are patterns of the same
/// automaton as the topic terms, so an item is still scanned once.
public struct JudgementSettings: Sendable, Equatable {
    public var lexicon: SentimentLexicon
    /// The deployment's home jurisdiction (`analysis.home_region`), a 6-digit code.
    public var homeRegion: Int?

    public init(lexicon: SentimentLexicon = .standard, homeRegion: Int? = nil) {
        self.lexicon = lexicon
        self.homeRegion = homeRegion
    }
}

/// An item's sentiment and the divisions it concerns.
public struct ItemJudgement: Sendable, Equatable {
    public var sentiment: SentimentJudgement
    /// 6-digit codes, most specific only.
    public var regions: [Int]

    public static let none = ItemJudgement(sentiment: .neutral, regions: [])
}

/// The judgement patterns of one compiled scorer: which automaton pattern is which
/// lexicon entry or place name.
struct JudgementModel: Sendable {
    let classifier: SentimentClassifier
    let tagger: RegionTagger
    /// Lexicon entries (indexes into `classifier.entries`) by automaton pattern.
    private var cues: [Int: [Int]] = [:]
    /// Gazetteer names (indexes into `tagger.gazetteer.names`) by automaton pattern.
    private var places: [Int: [Int]] = [:]

    /// Registers every lexicon term and place name through `pattern`, which returns the
    /// automaton pattern of a text (shared with topic terms that normalise the same).
    init(settings: JudgementSettings, pattern: (String) -> Int?) {
        classifier = SentimentClassifier(lexicon: settings.lexicon)
        tagger = RegionTagger(home: settings.homeRegion)
        for (index, entry) in classifier.entries.enumerated() {
            if let id = pattern(entry.term) { cues[id, default: []].append(index) }
        }
        for (index, name) in tagger.gazetteer.names.enumerated() {
            if let id = pattern(name.text) { places[id, default: []].append(index) }
        }
    }

    /// The judgement of an item from its matched title and summary.
    func judge(_ text: MatchedText) -> ItemJudgement {
        var cueHits: [[SentimentClassifier.Hit]] = [[], []]
        var placeHits: [[RegionTagger.Hit]] = [[], []]
        for field in [MatchedText.Field.title, .summary] {
            for hit in text.hits[field.rawValue] {
                for entry in cues[hit.pattern] ?? [] {
                    cueHits[field.rawValue].append(.init(entry: entry, start: hit.start, end: hit.end))
                }
                for name in places[hit.pattern] ?? [] {
                    placeHits[field.rawValue].append(.init(name: name, start: hit.start, end: hit.end))
                }
            }
        }
        let title = text.fields[MatchedText.Field.title.rawValue]
        let summary = text.fields[MatchedText.Field.summary.rawValue]
        let sentiment = classifier.judge(title: title, titleHits: cueHits[0], summary: summary, summaryHits: cueHits[1])
        let regions = tagger.tag(fields: [title, summary], hits: placeHits)
        return ItemJudgement(sentiment: sentiment, regions: regions)
    }
}
