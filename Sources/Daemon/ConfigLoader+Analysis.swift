import Analysis
import Foundation
import Yams

extension ConfigReader {
    /// `analysis:` — traditional folding, the home jurisdiction and the deployment's
    /// sentiment terms.
    func readAnalysis(_ node: ConfigNode?) -> (foldTraditional: Bool, judgement: JudgementSettings) {
        let analysis = node?.mapping(allowed: ["fold_traditional", "home_region", "sentiment_terms"])
        var judgement = JudgementSettings()
        if let home = analysis?["home_region"] {
            judgement.homeRegion = resolveRegion(home, text: home.string() ?? "", home: nil)
        }
        if let terms = analysis?["sentiment_terms"], let path = terms.string() {
            judgement.lexicon = readSentimentTerms(path: relativeToConfig(path), node: terms)
        }
        return (analysis?["fold_traditional"]?.bool() ?? true, judgement)
    }

    /// A rule's `regions:` list: codes, names (杭州, 西湖区, 浙江省杭州市西湖区) or
    /// 本市/本地 (the home region) and 本省 (its province).
    func readRegions(_ node: ConfigNode?, home: Int?) -> [Int] {
        guard let node, let entries = node.list() else { return [] }
        return entries.compactMap { entry in entry.string().flatMap { resolveRegion(entry, text: $0, home: home) } }
    }

    /// One region (a source's `region:`): a code, a name, 本市 or 本省.
    func readRegion(_ node: ConfigNode?, home: Int?) -> Int? {
        guard let node, let text = node.string() else { return nil }
        return resolveRegion(node, text: text, home: home)
    }

    /// A source's `tier:`.
    func readTier(_ node: ConfigNode?) -> SourceTier? {
        guard let node, let text = node.string() else { return nil }
        guard let tier = SourceTier(name: text) else {
            node.error("unknown tier \"\(text)\"; one of \(SourceTier.allCases.map { "\($0.label) (\($0.rawValue))" }.joined(separator: ", "))")
            return nil
        }
        return tier
    }

    private func resolveRegion(_ node: ConfigNode, text: String, home: Int?) -> Int? {
        if ["本市", "本地", "home", "本省", "home_province"].contains(text) && home == nil {
            node.error("\"\(text)\" needs analysis.home_region")
            return nil
        }
        guard let code = Config.region(named: text, home: home) else {
            node.error("unknown or ambiguous region \"\(text)\": give its 6-digit code or a full name such as 浙江省杭州市西湖区")
            return nil
        }
        return code
    }

    /// The standard lexicon with a YAML file's terms added, replaced or removed:
    /// `negative: {类别: [词, 词^3]}`, `positive: {…}`, `negation`, `denial`,
    /// `prospective`, `hypothetical`, `neutral`, `hearsay`: lists, `remove`: a list.
    private func readSentimentTerms(path: String, node: ConfigNode) -> SentimentLexicon {
        var lexicon = SentimentLexicon.standard
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            node.error("cannot read \(path)")
            return lexicon
        }
        let diagnostics = ConfigDiagnostics(file: path)
        defer { for error in diagnostics.errors { self.diagnostics.add(error) } }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            node.error("\(path) is not valid YAML: \(error)")
            return lexicon
        }
        guard let root else { return lexicon }
        let kinds = ["negation", "denial", "prospective", "hypothetical", "neutral", "hearsay", "announcement", "notice"]
        guard let fields = ConfigNode(node: root, path: "", diagnostics: diagnostics).mapping(allowed: Set(kinds + ["negative", "positive", "remove"]))
        else { return lexicon }
        for polarity in ["negative", "positive"] {
            guard let categories = fields[polarity], let mapping = categories.node.mapping else { continue }
            for (key, _) in mapping {
                guard let category = key.string, let list = categories.mapping(allowed: [category])?[category]?.strings() else { continue }
                for term in list {
                    let (word, weight) = Self.weighted(term)
                    lexicon.set(word, kind: polarity == "negative" ? .negative(category) : .positive(category), weight: weight)
                }
            }
        }
        for name in kinds {
            for term in fields[name]?.strings() ?? [] {
                if let kind = SentimentLexicon.kind(named: name) { lexicon.set(Self.weighted(term).0, kind: kind, weight: 1) }
            }
        }
        for term in fields["remove"]?.strings() ?? [] { lexicon.remove(term) }
        return lexicon
    }

    /// `词^3` → (词, 3); a term without a weight weighs 2.
    static func weighted(_ term: String) -> (String, Double) {
        if let caret = term.lastIndex(of: "^"), let weight = Double(term[term.index(after: caret)...]), weight > 0, weight <= 10 {
            return (String(term[..<caret]), weight)
        }
        return (term, 2)
    }

    func relativeToConfig(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = (file as NSString).deletingLastPathComponent
        return ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(path)
    }
}

extension Config {
    /// The division a user means on the command line: a code, a name (杭州, 西湖区,
    /// 浙江省杭州市西湖区), 本市/本地 (the home region) or 本省; nil when unknown or ambiguous.
    public func region(named name: String) -> Int? { Self.region(named: name, home: judgement.homeRegion) }

    static func region(named name: String, home: Int?) -> Int? {
        switch name {
        case "本市", "本地", "home": return home
        case "本省", "home_province": return home.map { $0 / 10_000 * 10_000 }
        default:
            let gazetteer = RegionGazetteer.standard
            return (gazetteer.resolve(name) ?? gazetteer.resolvePath(name))?.code
        }
    }
}
