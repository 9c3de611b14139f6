import Feeds

/// Random JSON documents and JSONPath queries (mostly valid, some not) for the oracle test.
struct JSONPathCaseGenerator {
    private var state: UInt64
    private let names = ["a", "b", "title", "id", "列表", "热度", "x y", "it's", "data"]
    private let strings = ["", "a", "b", "abc", "热搜", "暴雨", "Zhihu", "a.b", "10"]

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func pick<T>(_ options: [T]) -> T { options[next(options.count)] }

    mutating func document(depth: Int) -> JSONValue {
        switch depth <= 0 ? next(6) : next(9) {
        case 0: return .null
        case 1: return .bool(next(2) == 0)
        case 2: return .int(Int64(next(21)) - 5)
        case 3: return .double(Double(next(40)) / 4 - 2)
        case 4, 5: return .string(pick(strings))
        case 6, 7:
            let keys = ["a", "b", "title", "id", "data", "_x1"] + names
            return .object(Dictionary((0..<(1 + next(5))).map { _ in (pick(keys), document(depth: depth - 1)) }, uniquingKeysWith: { a, _ in a }))
        default:
            return .array((0..<next(6)).map { _ in document(depth: depth - 1) })
        }
    }

    mutating func query() -> String {
        var text = "$"
        for _ in 0..<(1 + next(2)) { text += segment(depth: 2) }
        if next(25) == 0 { text += pick(["[", ".", "[?]", "[1:2:3:4]", "[01]", "['a'", ".1", "[?@.a==]"]) }
        return text
    }

    private mutating func segment(depth: Int) -> String {
        switch next(6) {
        case 0: return "." + memberName()
        case 1: return ".*"
        case 2: return ".." + pick([memberName(), "*", "[" + selectors(depth: depth) + "]"])
        default: return "[" + selectors(depth: depth) + "]"
        }
    }

    /// ASCII only: jsonpath-rfc9535 2.0 refuses non-ASCII shorthand names (`$.列表`), which
    /// RFC 9535 allows; they appear here in brackets (`['列表']`) and in our own unit tests.
    private mutating func memberName() -> String { pick(["a", "b", "title", "id", "data", "_x1"]) }

    private mutating func selectors(depth: Int) -> String {
        (0..<(1 + next(2))).map { _ in selector(depth: depth) }.joined(separator: pick([",", ", "]))
    }

    private mutating func selector(depth: Int) -> String {
        switch next(7) {
        case 0: return quoted(pick(names))
        case 1: return "*"
        case 2: return String(next(7) - 3)
        case 3:
            let parts = [next(3) == 0 ? "" : String(next(7) - 3), next(3) == 0 ? "" : String(next(7) - 3)]
            let step = next(2) == 0 ? "" : ":" + (next(3) == 0 ? "" : String(pick([1, 2, -1, -2, 0])))
            return parts[0] + ":" + parts[1] + step
        default: return "?" + logical(depth: depth)
        }
    }

    private mutating func quoted(_ name: String) -> String {
        next(2) == 0
            ? "'" + name.replacingOccurrences(of: "'", with: "\\'") + "'"
            : "\"" + name + "\""
    }

    private mutating func logical(depth: Int) -> String {
        switch depth <= 0 ? next(3) : next(7) {
        case 0: return relative(bare: true) + " " + pick(["==", "!=", "<", "<=", ">", ">="]) + " " + literal()
        case 1: return relative(bare: false)
        case 2: return pick(["length(@.a) > 1", "count(@.*) == 2", "value(@..id) == 1", "match(@.title, 'a.*')", "search(@.title, '[ab]')", "length(@) >= 2", "count(@[*]) > 1"])
        case 3: return "!" + relative(bare: false)
        case 4: return logical(depth: depth - 1) + " && " + logical(depth: depth - 1)
        case 5: return logical(depth: depth - 1) + " || " + logical(depth: depth - 1)
        default: return "!(" + logical(depth: depth - 1) + ")"
        }
    }

    /// A singular query. Bare `@`/`$` only where its value is compared: jsonpath-rfc9535 2.0
    /// tests a bare `@` for truthiness, where RFC 9535 has it always exist (our unit tests
    /// check that).
    private mutating func relative(bare: Bool) -> String {
        let base = next(8) == 0 ? "$" : "@"
        switch next(4) {
        case 0 where bare: return base
        case 1: return base + "." + memberName()
        case 2: return base + "[" + String(next(4) - 1) + "]"
        default: return base + "." + memberName() + "." + memberName()
        }
    }

    private mutating func literal() -> String {
        pick(["1", "2", "-1", "0.5", "1.0", "'a'", "\"abc\"", "'热搜'", "true", "false", "null", "'10'", "3e0"])
    }
}
