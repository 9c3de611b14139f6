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
    /// The lexicon entry (index into `classifier.entries`) of each automaton pattern, −1
    /// for none: an array, not a dictionary, since it is read for every hit of every item.
    private var cues: [Int32] = []
    /// The gazetteer name (index into `tagger.gazetteer.names`) of each pattern, −1 for none.
    private var places: [Int32] = []
    /// For each pattern, the level a self-reference names (我市, 本县, 全省: 1 province,
    /// 2 prefecture, 3 county), 0 for none.
    private var selfReferences: [Int8] = []

    /// What a local source means by itself: 我市/本市/全市 is its city, 我省 its province.
    static let selfReferenceTerms: [(String, Int8)] = [
        ("我省", 1), ("本省", 1), ("全省", 1), ("我市", 2), ("本市", 2), ("全市", 2),
        ("我区", 3), ("本区", 3), ("全区", 3), ("我县", 3), ("本县", 3), ("全县", 3),
    ]

    /// Registers every lexicon term and place name through `pattern`, which returns the
    /// automaton pattern of a text (shared with topic terms that normalise the same).
    init(settings: JudgementSettings, pattern: (String) -> Int?) {
        classifier = SentimentClassifier(lexicon: settings.lexicon)
        tagger = RegionTagger(home: settings.homeRegion)
        func register(_ id: Int?, _ index: Int, in table: inout [Int32]) {
            guard let id else { return }
            if table.count <= id { table += [Int32](repeating: -1, count: id - table.count + 1) }
            // Two terms that normalise alike are one pattern; the first keeps it.
            if table[id] < 0 { table[id] = Int32(index) }
        }
        for (index, entry) in classifier.entries.enumerated() { register(pattern(entry.term), index, in: &cues) }
        for (index, name) in tagger.gazetteer.names.enumerated() { register(pattern(name.text), index, in: &places) }
        for (term, level) in Self.selfReferenceTerms {
            guard let id = pattern(term) else { continue }
            if selfReferences.count <= id { selfReferences += [Int8](repeating: 0, count: id - selfReferences.count + 1) }
            selfReferences[id] = level
        }
    }

    /// The judgement of an item from its matched title and summary; `evidence` lists the
    /// sentiment cues (for `explain`), which the per-item path does without.
    /// `sourceRegion`: where the item's source is (`region:` of a local source), which
    /// 我市, 本县, 全省 … in its text refer to.
    func judge(_ text: MatchedText, evidence: Bool, sourceRegion: Int? = nil) -> ItemJudgement {
        var selfLevels: [Int8] = []
        var (titleCues, summaryCues) = ([SentimentClassifier.Hit](), [SentimentClassifier.Hit]())
        var (titlePlaces, summaryPlaces) = ([RegionTagger.Hit](), [RegionTagger.Hit]())
        for hit in text.hits(.title) {
            collect(hit, cues: &titleCues, places: &titlePlaces, selfLevels: &selfLevels, sourceRegion: sourceRegion)
        }
        for hit in text.hits(.summary) {
            collect(hit, cues: &summaryCues, places: &summaryPlaces, selfLevels: &selfLevels, sourceRegion: sourceRegion)
        }
        // The fields' bytes are copied out only for an item with something to judge.
        if titleCues.isEmpty && summaryCues.isEmpty && titlePlaces.isEmpty && summaryPlaces.isEmpty && selfLevels.isEmpty { return .none }
        let title = text.normalized(.title)
        let summary = text.normalized(.summary)
        let sentiment = classifier.judge(title: title, titleHits: titleCues, summary: summary, summaryHits: summaryCues, evidence: evidence)
        var regions = tagger.tag(fields: [title, summary], hits: [titlePlaces, summaryPlaces])
        if let sourceRegion, !selfLevels.isEmpty {
            regions = Self.adding(selfLevels.compactMap { tagger.gazetteer.enclosing(sourceRegion, atLevel: Int($0)) }, to: regions, in: tagger.gazetteer)
        }
        return ItemJudgement(sentiment: sentiment, regions: regions)
    }

    /// Files one hit of a field as a sentiment cue, a place name or a self-reference (or
    /// none of them). Lists start with room for eight: growing from empty reallocated them
    /// three or four times per judged item.
    private func collect(
        _ hit: MatchedText.Hit, cues cueHits: inout [SentimentClassifier.Hit], places placeHits: inout [RegionTagger.Hit],
        selfLevels: inout [Int8], sourceRegion: Int?
    ) {
        if hit.pattern < cues.count, cues[hit.pattern] >= 0 {
            if cueHits.isEmpty { cueHits.reserveCapacity(8) }
            cueHits.append(.init(entry: Int(cues[hit.pattern]), start: hit.start, end: hit.end))
        }
        if hit.pattern < places.count, places[hit.pattern] >= 0 {
            if placeHits.isEmpty { placeHits.reserveCapacity(8) }
            placeHits.append(.init(name: Int(places[hit.pattern]), start: hit.start, end: hit.end))
        }
        if sourceRegion != nil, hit.pattern < selfReferences.count, selfReferences[hit.pattern] > 0 {
            selfLevels.append(selfReferences[hit.pattern])
        }
    }

    /// `regions` with `more`, keeping only the most specific divisions.
    static func adding(_ more: [Int], to regions: [Int], in gazetteer: RegionGazetteer) -> [Int] {
        let all = Set(regions + more)
        return all.filter { code in !all.contains { $0 != code && gazetteer.contains(code, $0) } }.sorted()
    }
}
