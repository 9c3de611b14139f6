import Analysis

extension ConfigReader {
    /// The keys a topic may have: a name, a weight, and its terms as a query, as
    /// structured groups, or as any/all/none lists (all given forms must hold together).
    static let topicKeys: Set<String> = [
        "name", "weight", "query", "any", "all", "none", "region", "subject", "event", "exclude",
    ]

    /// One `topics[]` entry, with query errors located at their column in the file.
    func readTopic(_ node: ConfigNode) -> Topic? {
        guard let fields = node.mapping(allowed: Self.topicKeys),
            let name = required(fields, "name", in: node)?.string()
        else { return nil }
        let weight = fields["weight"]?.double(in: 0...10) ?? 1
        var parts: [QueryNode] = []
        if let queryNode = fields["query"], let query = queryNode.string() {
            do {
                parts.append(try QueryParser.parse(query))
            } catch {
                queryNode.error(error.message, atColumn: error.column)
                return nil
            }
        }
        for key in ["any", "all", "none", "region", "subject", "event", "exclude"] {
            guard let list = fields[key], let words = list.strings() else { continue }
            if let empty = words.firstIndex(where: { $0.trimmingWhitespaceAndQuotes().isEmpty }) {
                list.error("entry \(empty + 1) is empty")
                return nil
            }
            if words.isEmpty { list.error("the list is empty") }
        }
        let lists = Topic(
            name: name, any: fields["any"]?.strings() ?? [], all: fields["all"]?.strings() ?? [],
            none: fields["none"]?.strings() ?? [])
        let structured = Topic.structured(
            name: name, region: fields["region"]?.strings() ?? [], subject: fields["subject"]?.strings() ?? [],
            event: fields["event"]?.strings() ?? [], exclude: fields["exclude"]?.strings() ?? [])
        for rule in [lists.rule, structured.rule] where rule != .and([]) {
            parts.append(rule)
        }
        let rule: QueryNode = parts.count == 1 ? parts[0] : .and(parts)
        if parts.isEmpty || rule.positiveTerms.isEmpty {
            node.error("a topic needs terms to look for: \"query\", \"any\"/\"all\", or \"region\"/\"subject\"/\"event\"")
            return nil
        }
        return Topic(name: name, rule: rule, weight: weight)
    }
}

extension String {
    fileprivate func trimmingWhitespaceAndQuotes() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
