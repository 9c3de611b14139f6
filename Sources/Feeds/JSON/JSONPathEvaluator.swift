import Foundation

/// Applies parsed segments to nodes, as RFC 9535 §2.3–2.4 defines it.
struct JSONPathEvaluator {
    let root: JSONValue

    func apply(_ segments: [Segment], to nodes: [JSONValue]) -> [JSONValue] {
        var current = nodes
        for segment in segments {
            var next: [JSONValue] = []
            switch segment {
            case .child(let selectors):
                for node in current { for selector in selectors { select(selector, in: node, into: &next) } }
            case .descendant(let selectors):
                for node in current {
                    visit(node) { descendant in
                        for selector in selectors { select(selector, in: descendant, into: &next) }
                    }
                }
            }
            current = next
        }
        return current
    }

    /// `node` and then its descendants, each before its children.
    private func visit(_ node: JSONValue, _ body: (JSONValue) -> Void) {
        body(node)
        switch node {
        case .array(let elements): for element in elements { visit(element, body) }
        case .object(let members): for value in members.values { visit(value, body) }
        default: break
        }
    }

    private func select(_ selector: Selector, in node: JSONValue, into result: inout [JSONValue]) {
        switch (selector, node) {
        case (.name(let name), .object(let members)):
            if let value = members[name] { result.append(value) }
        case (.wildcard, .array(let elements)):
            result += elements
        case (.wildcard, .object(let members)):
            result += members.values
        case (.index(let index), .array(let elements)):
            let position = index < 0 ? Int64(elements.count) + index : index
            if position >= 0 && position < elements.count { result.append(elements[Int(position)]) }
        case (.slice(let start, let end, let step), .array(let elements)):
            for position in Self.slice(count: elements.count, start: start, end: end, step: step) { result.append(elements[position]) }
        case (.filter(let expression), .array(let elements)):
            result += elements.filter { holds(expression, current: $0) }
        case (.filter(let expression), .object(let members)):
            result += members.values.filter { holds(expression, current: $0) }
        default:
            break
        }
    }

    /// The indexes a slice selects, per RFC 9535 §2.3.4.2 (step 0 selects nothing).
    static func slice(count: Int, start: Int64?, end: Int64?, step: Int64?) -> [Int] {
        let step = step ?? 1
        guard step != 0, count > 0 else { return [] }
        let length = Int64(count)
        func normalize(_ value: Int64) -> Int64 { value >= 0 ? value : length + value }
        var indexes: [Int] = []
        if step > 0 {
            let lower = min(max(normalize(start ?? 0), 0), length)
            let upper = min(max(normalize(end ?? length), 0), length)
            var index = lower
            while index < upper {
                indexes.append(Int(index))
                index += step
            }
        } else {
            let upper = min(max(normalize(start ?? length - 1), -1), length - 1)
            let lower = min(max(end.map(normalize) ?? -length - 1, -1), length - 1)
            var index = upper
            while lower < index {
                indexes.append(Int(index))
                index += step
            }
        }
        return indexes
    }
}
