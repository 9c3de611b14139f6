import Alerting
import Analysis
import Engine

extension AlertRules {
    /// The rules of `config` that send to at least one of `channels` (the others are inert),
    /// each parsed once into its kind's type, with their templates.
    public init(config: Config, channels: Set<String>) {
        self.init()
        for rule in config.rules {
            if rule.templateTitle != nil || rule.templateText != nil {
                templates[rule.name] = try? MessageTemplate(title: rule.templateTitle, text: rule.templateText)
            }
            let send = rule.channels.filter(channels.contains)
            switch rule.kind {
            case .item:
                items.append(ItemAlertRule(
                    name: rule.name, minScore: rule.minScore, topics: rule.topics, sources: rule.sources, channels: send,
                    groupWait: rule.groupWait, groupInterval: rule.groupInterval))
            case .spread:
                spreads.append(SpreadAlertRule(
                    name: rule.name, minSources: rule.minSources, within: rule.within, minScore: rule.minScore,
                    topics: rule.topics, channels: send))
            case .source:
                sources.append(SourceAlertRule(name: rule.name, failingFor: rule.failingFor, sources: rule.sources, channels: send))
            case .trend:
                trends.append(TrendAlertRule(
                    name: rule.name, directions: Set(rule.directions.compactMap(TrendSignal.Direction.init(rawValue:))),
                    minScore: rule.trendScore, minCount: rule.minCount, topics: rule.topics, channels: send,
                    repeatInterval: rule.repeatInterval))
            }
        }
    }
}
