import Alerting
import Engine

/// What every rule of `alerts.rules[]` has, read before its kind reads the rest.
struct RuleBase {
    var name: String
    var fields: [String: ConfigNode]
    var channels: [String]
    var topics: [String]
    var sources: [String]
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
    static let all: [any RuleKind] = [ItemRuleKind(), SpreadRuleKind(), SourceRuleKind(), TrendRuleKind(), HotRuleKind()]
    static let commonKeys: Set<String> = ["name", "kind", "send", "group_wait", "group_interval", "template"]

    static func kind(named name: String) -> (any RuleKind)? { all.first { $0.kind == name } }

    /// Every key some kind accepts.
    static var keys: Set<String> { all.reduce(into: commonKeys) { $0.formUnion($1.keys) } }
}

/// `kind: item`: a stored item scores at least `min_score` (default 80) for one of `topics`.
struct ItemRuleKind: RuleKind {
    let kind = "item"
    let keys: Set<String> = ["min_score", "topics", "sources"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        ItemAlertRule(
            name: base.name, minScore: base.fields["min_score"]?.int(in: 0...100) ?? 80, topics: base.topics, sources: base.sources,
            channels: base.channels, groupWait: base.fields["group_wait"]?.duration(in: 0...86400) ?? 30,
            groupInterval: base.fields["group_interval"]?.duration(in: 0...86400) ?? 300)
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
