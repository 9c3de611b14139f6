import Alerting
import Analysis

extension ConfigReader {
    private static let ruleKeys: [Config.Rule.Kind: Set<String>] = {
        let common: Set<String> = ["name", "kind", "send", "group_wait", "group_interval", "template"]
        return [
            .item: common.union(["min_score", "topics", "sources"]),
            .spread: common.union(["min_sources", "within", "min_score", "topics"]),
            .source: common.union(["failing_for", "sources"]),
            .trend: common.union(["direction", "min_score", "min_count", "repeat_interval", "topics"]),
        ]
    }()

    /// One `alerts.rules[]` entry.
    func readRule(_ node: ConfigNode, channels: [Config.Channel], topics: [Topic], sourceIDs: Set<String>) -> Config.Rule? {
        let kindName = node.node.mapping?["kind"]?.string ?? "item"
        let known = Config.Rule.Kind(rawValue: kindName)
        // An unknown kind is reported, and the rest is still checked as far as it can be.
        let kind = known ?? .item
        guard let fields = node.mapping(allowed: known.map { Self.ruleKeys[$0] ?? [] } ?? Set(Self.ruleKeys.values.joined())),
            let name = required(fields, "name", in: node)?.string()
        else { return nil }
        if known == nil {
            let supported = Config.Rule.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            fields["kind"]?.error("unsupported rule kind \"\(kindName)\"; supported: \(supported)")
        }
        let send = required(fields, "send", in: node)?.strings() ?? []
        for target in send where !channels.contains(where: { $0.name == target }) {
            fields["send"]?.error("unknown channel \"\(target)\"")
        }
        let ruleTopics = fields["topics"]?.strings() ?? []
        for topic in ruleTopics where !topics.contains(where: { $0.name == topic }) {
            fields["topics"]?.error("unknown topic \"\(topic)\"")
        }
        let ruleSources = fields["sources"]?.strings() ?? []
        for source in ruleSources where !sourceIDs.contains(source) {
            fields["sources"]?.error("unknown source \"\(source)\"")
        }
        var rule = Config.Rule(
            name: name, kind: kind,
            minScore: kind == .trend ? 0 : fields["min_score"]?.int(in: 0...100) ?? (kind == .item ? 80 : 0),
            topics: ruleTopics, sources: ruleSources, channels: send,
            groupWait: fields["group_wait"]?.duration(in: 0...86400) ?? (kind == .item ? 30 : 0),
            groupInterval: fields["group_interval"]?.duration(in: 0...86400) ?? (kind == .item ? 300 : 0),
            minSources: fields["min_sources"]?.int(in: 2...1000) ?? 5,
            within: fields["within"]?.duration(in: 60...(30 * 86400)) ?? 6 * 3600,
            failingFor: fields["failing_for"]?.duration(in: 1...(30 * 86400)) ?? 3600)
        guard known != nil else { return nil }
        if let template = fields["template"]?.mapping(allowed: ["title", "text"]) {
            rule.templateTitle = template["title"]?.string()
            rule.templateText = template["text"]?.string()
            do {
                _ = try MessageTemplate(title: rule.templateTitle, text: rule.templateText)
            } catch {
                fields["template"]?.error("the template does not parse: \(error)")
            }
        }
        guard kind == .trend else { return rule }
        var trend = rule
        if let directions = fields["direction"]?.strings() {
            let allowed = ["rising", "falling", "ramp"]
            for direction in directions where !allowed.contains(direction) {
                fields["direction"]?.error("unknown direction \"\(direction)\"; use rising, falling, ramp")
            }
            trend.directions = directions
        }
        trend.trendScore = fields["min_score"]?.double(in: 0.5...50) ?? 3
        trend.minCount = fields["min_count"]?.int(in: 1...100_000) ?? 5
        trend.repeatInterval = fields["repeat_interval"]?.duration(in: 300...(30 * 86400)) ?? 4 * 3600
        return trend
    }
}
