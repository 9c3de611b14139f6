import Foundation

/// Filters: logical expressions, comparisons and functions (RFC 9535 §2.3.5, §2.4).
extension JSONPathEvaluator {
    func holds(_ expression: FilterExpression, current: JSONValue) -> Bool {
        switch expression {
        case .or(let terms): return terms.contains { holds($0, current: current) }
        case .and(let terms): return terms.allSatisfy { holds($0, current: current) }
        case .not(let inner): return !holds(inner, current: current)
        case .exists(let query): return !nodes(query, current: current).isEmpty
        case .function(let call): return logical(call, current: current)
        case .comparison(let left, let op, let right):
            return Self.compare(value(left, current: current), op, value(right, current: current))
        }
    }

    private func nodes(_ query: FilterQuery, current: JSONValue) -> [JSONValue] {
        apply(query.segments, to: [query.relative ? current : root])
    }

    /// A comparable's value; nil is RFC 9535's Nothing (an empty query, a function without a value).
    private func value(_ comparable: Comparable, current: JSONValue) -> JSONValue? {
        switch comparable {
        case .literal(let value): return value
        case .query(let query): return nodes(query, current: current).first
        case .function(let call): return value(of: call, current: current)
        }
    }

    private func argument(_ argument: FunctionCall.Argument, current: JSONValue) -> JSONValue? {
        switch argument {
        case .literal(let value): return value
        case .query(let query): return nodes(query, current: current).first
        case .function(let call): return value(of: call, current: current)
        }
    }

    private func value(of call: FunctionCall, current: JSONValue) -> JSONValue? {
        switch call.name {
        case "length":
            switch argument(call.arguments[0], current: current) {
            case .string(let text)?: return .int(Int64(text.unicodeScalars.count))
            case .array(let elements)?: return .int(Int64(elements.count))
            case .object(let members)?: return .int(Int64(members.count))
            default: return nil
            }
        case "count":
            guard case .query(let query) = call.arguments[0] else { return nil }
            return .int(Int64(nodes(query, current: current).count))
        case "value":
            guard case .query(let query) = call.arguments[0] else { return nil }
            let selected = nodes(query, current: current)
            return selected.count == 1 ? selected[0] : nil
        default:
            return nil
        }
    }

    /// `match` (the whole string) and `search` (a substring) with an I-Regexp (RFC 9485).
    private func logical(_ call: FunctionCall, current: JSONValue) -> Bool {
        guard case .string(let text)? = argument(call.arguments[0], current: current),
            case .string(let pattern)? = argument(call.arguments[1], current: current)
        else { return false }
        return IRegexp.matches(pattern, in: text, whole: call.name == "match")
    }

    static func compare(_ left: JSONValue?, _ op: ComparisonOperator, _ right: JSONValue?) -> Bool {
        switch op {
        case .equal: return equal(left, right)
        case .notEqual: return !equal(left, right)
        case .less: return less(left, right)
        case .lessOrEqual: return less(left, right) || equal(left, right)
        case .greater: return less(right, left)
        case .greaterOrEqual: return less(right, left) || equal(left, right)
        }
    }

    private static func equal(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        return left.equals(right)
    }

    private static func less(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        if let a = left?.number, let b = right?.number { return a < b }
        if case .string(let a)? = left, case .string(let b)? = right {
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        }
        return false
    }
}

/// I-Regexp (RFC 9485) through NSRegularExpression: `.` matches any character but line
/// ends in both, which is the one difference that matters; an invalid pattern matches nothing.
enum IRegexp {
    private static let cache = RegexCache()

    static func matches(_ pattern: String, in text: String, whole: Bool) -> Bool {
        guard let regex = cache.regex(whole ? "^(?:" + pattern + ")$" : pattern) else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }
}

/// Compiled patterns, shared (filters run once per candidate node).
final class RegexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let known = compiled[pattern] { return known }
        let regex = try? NSRegularExpression(pattern: pattern, options: [])
        if compiled.count > 256 { compiled = [:] }
        compiled[pattern] = regex
        return regex
    }
}
