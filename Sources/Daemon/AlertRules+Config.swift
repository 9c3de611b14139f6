import Alerting
import Engine

extension AlertRules {
    /// The rules of `config`, each sending only to those of its channels that can send
    /// (`channels`: the others are inert), with their templates.
    public init(config: Config, channels: Set<String>) {
        self.init()
        for rule in config.rules {
            if let template = rule.template { templates[rule.name] = template }
            rule.rule.install(into: &self, sendingTo: rule.channels.filter(channels.contains))
        }
    }
}
