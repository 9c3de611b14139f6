import Alerting
import Analysis
import Engine

/// What every rule of `alerts.rules[]` has, read before its kind reads the rest.
struct RuleBase {
    var name: String
    var fields: [String: ConfigNode]
    var channels: [String]
    var topics: [String]
    var sources: [String]
    /// `regions:` resolved to codes (本市 → the home region).
    var regions: [Int]
}

/// A kind of alert rule in `feeds.yml`: its `kind:` name, the keys it adds to the common
/// ones, and how it reads them into the typed rule the engine evaluates. A new kind is one
/// file with a `RuleKind` (and its rule's `ConfiguredAlertRule`) and one line in
/// `RuleKinds.all`.
protocol RuleKind: Sendable {
    var kind: String { get }
    var keys: Set<String> { get }
    func read(_ base: RuleBase) -> any ConfiguredAlertRule
}

/// The registry of rule kinds.
enum RuleKinds {
    static let all: [any RuleKind] = [ItemRuleKind(), SpreadRuleKind(), SourceRuleKind(), TrendRuleKind(), HotRuleKind(), ReportRuleKind()]
    static let commonKeys: Set<String> = ["name", "kind", "send", "group_wait", "group_interval", "template"]

    static func kind(named name: String) -> (any RuleKind)? { all.first { $0.kind == name } }

    /// Every key some kind accepts.
    static var keys: Set<String> { all.reduce(into: commonKeys) { $0.formUnion($1.keys) } }
}

/// `kind: item`: a stored item scores at least `min_score` (default 80) for one of `topics`.
struct ItemRuleKind: RuleKind {
    let kind = "item"
    let keys: Set<String> = ["min_score", "topics", "sources", "sentiment", "regions", "tiers", "min_severity"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        var rule = ItemAlertRule(
            name: base.name, minScore: base.fields["min_score"]?.int(in: 0...100) ?? 80, topics: base.topics, sources: base.sources,
            channels: base.channels, groupWait: base.fields["group_wait"]?.duration(in: 0...86400) ?? 30,
            groupInterval: base.fields["group_interval"]?.duration(in: 0...86400) ?? 300)
        rule.sentiments = base.fields["sentiment"].map { node in
            (node.node.scalar != nil ? node.string().map { [$0] } : node.strings())?.compactMap { name in
                Sentiment(name: name) ?? { node.error("unknown sentiment \"\(name)\"; one of negative (负面), neutral (中性), positive (正面)"); return nil }()
            } ?? []
        } ?? []
        rule.regions = base.regions
        rule.tiers = base.fields["tiers"]?.strings()?.compactMap { name in
            SourceTier(name: name) ?? {
                base.fields["tiers"]?.error("unknown tier \"\(name)\"; one of \(SourceTier.allCases.map(\.label).joined(separator: ", "))")
                return nil
            }()
        } ?? []
        rule.minSeverity = base.fields["min_severity"].flatMap { node in
            node.string().flatMap { name in
                Severity(name: name) ?? { node.error("unknown severity \"\(name)\"; one of 一般, 较大, 重大"); return nil }()
            }
        }
        return rule
    }
}

/// `kind: spread`: one story reaches `min_sources` distinct sources `within` a span.
struct SpreadRuleKind: RuleKind {
    let kind = "spread"
    let keys: Set<String> = ["min_sources", "within", "min_score", "topics"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        SpreadAlertRule(
            name: base.name, minSources: base.fields["min_sources"]?.int(in: 2...1000) ?? 5,
            within: base.fields["within"]?.duration(in: 60...(30 * 86400)) ?? 6 * 3600,
            minScore: base.fields["min_score"]?.int(in: 0...100) ?? 0, topics: base.topics, channels: base.channels)
    }
}

/// `kind: source`: a source failing for `failing_for`, and its recovery.
struct SourceRuleKind: RuleKind {
    let kind = "source"
    let keys: Set<String> = ["failing_for", "sources"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        SourceAlertRule(
            name: base.name, failingFor: base.fields["failing_for"]?.duration(in: 1...(30 * 86400)) ?? 3600, sources: base.sources,
            channels: base.channels)
    }
}
