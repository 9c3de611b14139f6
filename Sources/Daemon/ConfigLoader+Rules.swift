import Alerting
import Analysis
import Engine

extension ConfigReader {
    /// One `alerts.rules[]` entry: the common keys here, the rest by its kind (`RuleKinds`).
    func readRule(_ node: ConfigNode, channels: [Config.Channel], topics: [Topic], sourceIDs: Set<String>, home: Int?) -> Config.Rule? {
        let kindName = node.node.mapping?["kind"]?.string ?? "item"
        let kind = RuleKinds.kind(named: kindName)
        // An unknown kind is reported, and the rest is still checked as far as it can be.
        guard let fields = node.mapping(allowed: kind.map { RuleKinds.commonKeys.union($0.keys) } ?? RuleKinds.keys),
            let name = required(fields, "name", in: node)?.string()
        else { return nil }
        if kind == nil {
            let supported = RuleKinds.all.map(\.kind).joined(separator: ", ")
            fields["kind"]?.error("unsupported rule kind \"\(kindName)\"; supported: \(supported)")
            _ = fields["min_score"]?.int(in: 0...100)
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
        let template = readTemplate(fields["template"])
        guard let kind else { return nil }
        let base = RuleBase(
            name: name, fields: fields, channels: send, topics: ruleTopics, sources: ruleSources,
            regions: readRegions(fields["regions"], home: home))
        return Config.Rule(name: name, kind: kind.kind, channels: send, template: template, rule: kind.read(base))
    }

    /// `template: {title, text}`: Mustache, parsed once here.
    private func readTemplate(_ node: ConfigNode?) -> MessageTemplate? {
        guard let node, let template = node.mapping(allowed: ["title", "text"]) else { return nil }
        do {
            return try MessageTemplate(title: template["title"]?.string(), text: template["text"]?.string())
        } catch {
            node.error("the template does not parse: \(error)")
            return nil
        }
    }
}
