import Alerting
import Analysis
import Engine

/// `kind: trend`: a topic's trend turns (`direction`: rising, falling, ramp) by at least
/// `min_score` σ with at least `min_count` stories; repeated every `repeat_interval`.
struct TrendRuleKind: RuleKind {
    let kind = "trend"
    let keys: Set<String> = ["direction", "min_score", "min_count", "repeat_interval", "topics", "sentiment"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        var directions: Set<TrendSignal.Direction> = [.rising, .ramp]
        if let node = base.fields["direction"], let names = node.strings() {
            directions = []
            for name in names {
                if let direction = TrendSignal.Direction(rawValue: name), direction != .steady {
                    directions.insert(direction)
                } else {
                    node.error("unknown direction \"\(name)\"; use rising, falling, ramp")
                }
            }
        }
        var rule = TrendAlertRule(
            name: base.name, directions: directions, minScore: base.fields["min_score"]?.double(in: 0.5...50) ?? 3,
            minCount: base.fields["min_count"]?.int(in: 1...100_000) ?? 5, topics: base.topics, channels: base.channels,
            repeatInterval: base.fields["repeat_interval"]?.duration(in: 300...(30 * 86400)) ?? 4 * 3600)
        if let node = base.fields["sentiment"], let name = node.string() {
            if Sentiment(name: name) == .negative {
                rule.negativeOnly = true
            } else {
                node.error("a trend rule watches all stories or, with sentiment: negative, the negative ones")
            }
        }
        return rule
    }
}
