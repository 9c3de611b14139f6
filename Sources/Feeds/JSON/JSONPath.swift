/// A JSONPath query (RFC 9535): names, wildcards, indexes, slices, descendants and filters
/// with comparisons, existence tests, `&&`, `||`, `!` and the functions `length`, `count`,
/// `match`, `search` and `value`. Parsed once (errors carry the column); `select` returns
/// the values of the nodes it selects.
public struct JSONPath: Sendable, CustomStringConvertible {
    /// The query as written.
    public let text: String
    let segments: [Segment]

    public init(_ text: String) throws(JSONPathError) {
        self.text = text
        var parser = JSONPathParser(text)
        segments = try parser.parseQuery()
    }

    public var description: String { text }

    /// The values of the nodes the query selects in `root`, in document order (object
    /// members in no particular order).
    public func select(_ root: JSONValue) -> [JSONValue] {
        JSONPathEvaluator(root: root).apply(segments, to: [root])
    }

    /// The longest leading part of the query that still selects something in `root`, and
    /// what it selects: the document's shape around a path that no longer matches.
    public func deepestMatch(in root: JSONValue) -> (prefix: String, nodes: [JSONValue]) {
        let evaluator = JSONPathEvaluator(root: root)
        var nodes = [root]
        var matched = 0
        for (index, segment) in segments.enumerated() {
            let next = evaluator.apply([segment], to: nodes)
            if next.isEmpty { break }
            nodes = next
            matched = index + 1
        }
        return ("$" + segments.prefix(matched).map(\.description).joined(), nodes)
    }
}

/// A query that does not parse, with the column (1-based, in Unicode scalars) where it
/// stopped making sense.
public struct JSONPathError: Error, Equatable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

/// One step of a query: the children (`.a`, `[…]`) or the descendants (`..a`, `..[…]`).
enum Segment: Sendable, CustomStringConvertible {
    case child([Selector])
    case descendant([Selector])

    var description: String {
        switch self {
        case .child(let selectors): "[" + selectors.map(\.description).joined(separator: ",") + "]"
        case .descendant(let selectors): "..[" + selectors.map(\.description).joined(separator: ",") + "]"
        }
    }
}

indirect enum Selector: Sendable, CustomStringConvertible {
    case name(String)
    case wildcard
    case index(Int64)
    case slice(start: Int64?, end: Int64?, step: Int64?)
    case filter(FilterExpression)

    var description: String {
        switch self {
        case .name(let name): "'" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .wildcard: "*"
        case .index(let index): String(index)
        case .slice(let start, let end, let step): "\(start.map(String.init) ?? ""):\(end.map(String.init) ?? ""):\(step.map(String.init) ?? "")"
        case .filter: "?…"
        }
    }
}

/// A filter's logical expression.
indirect enum FilterExpression: Sendable {
    case or([FilterExpression])
    case and([FilterExpression])
    case not(FilterExpression)
    case comparison(Comparable, ComparisonOperator, Comparable)
    /// A query's existence (it selects at least one node).
    case exists(FilterQuery)
    /// A function returning a logical value (`match`, `search`).
    case function(FunctionCall)
}

enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A query inside a filter: relative to the current node (`@`) or to the root (`$`).
struct FilterQuery: Sendable {
    var relative: Bool
    var segments: [Segment]

    /// Only single names and indexes: at most one node.
    var isSingular: Bool {
        segments.allSatisfy { segment in
            guard case .child(let selectors) = segment, selectors.count == 1 else { return false }
            switch selectors[0] {
            case .name, .index: return true
            default: return false
            }
        }
    }
}

/// What a comparison compares: a literal, a singular query, or a function's value.
enum Comparable: Sendable {
    case literal(JSONValue)
    case query(FilterQuery)
    case function(FunctionCall)
}

struct FunctionCall: Sendable {
    enum Argument: Sendable {
        case literal(JSONValue)
        case query(FilterQuery)
        case function(FunctionCall)
    }

    var name: String
    var arguments: [Argument]
}
