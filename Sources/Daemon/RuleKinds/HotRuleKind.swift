import Alerting
import Engine

/// `kind: hot` (上榜预警): a hot-list entry matching `topics` enters a list, enters its
/// `top` N, or `climb`s N ranks between polls; or one story stands on `platforms` lists.
struct HotRuleKind: RuleKind {
    let kind = "hot"
    let keys: Set<String> = ["topics", "sources", "top", "climb", "platforms", "regions"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        let top = base.fields["top"]?.int(in: 1...500)
        let climb = base.fields["climb"]?.int(in: 1...500)
        let platforms = base.fields["platforms"]?.int(in: 2...50)
        if top != nil && climb != nil { base.fields["climb"]?.error("a hot rule watches top or climb, not both: make two rules") }
        var rule = HotAlertRule(
            name: base.name, topics: base.topics, sources: base.sources, top: top, climb: climb, platforms: platforms, channels: base.channels)
        rule.regions = base.regions
        return rule
    }
}
