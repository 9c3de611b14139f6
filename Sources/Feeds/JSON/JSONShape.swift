/// Short descriptions of a JSON document's shape, for errors a user can act on.
enum JSONShape {
    /// Where `path` stops matching in `document`, and what is there.
    static func around(_ path: JSONPath, in document: JSONValue) -> String {
        let (prefix, nodes) = path.deepestMatch(in: document)
        guard let first = nodes.first else { return "the document is empty" }
        return "\(prefix) is \(describe(first))" + (nodes.count > 1 ? " (and \(nodes.count - 1) more)" : "")
    }

    /// `an object with keys a, b, c`, `an array of 20 (the first an object with keys …)`, `the string "…"`.
    static func describe(_ value: JSONValue, depth: Int = 0) -> String {
        switch value {
        case .object(let members):
            let keys = members.keys.sorted()
            return keys.isEmpty ? "an empty object" : "an object with keys " + keys.prefix(12).joined(separator: ", ") + (keys.count > 12 ? ", …" : "")
        case .array(let elements):
            guard let first = elements.first else { return "an empty array" }
            return depth > 0 ? "an array of \(elements.count)" : "an array of \(elements.count) (the first \(describe(first, depth: 1)))"
        case .string(let text): return "the string \"\(text.prefix(30))\""
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int, .double: return "the number \(value.text ?? "")"
        }
    }
}
