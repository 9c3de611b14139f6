/// Every topic's rule flattened into one array of plain operations, so that deciding
/// whether a rule holds copies nothing that is reference counted.
///
/// Walking `CompiledNode` trees retained and released each node's array of children and
/// each term's text on every visit: about 40 % of the scoring step's time on the per-item
/// path. A node here is a fixed-size record in pre-order; a subtree ends where its
/// `end` says. NEAR/BEFORE, which need the occurrences themselves, are handed back to the
/// tree evaluator (`RuleEvaluator.holds`).
struct RuleProgram: Sendable {
    struct Operation: Sendable {
        enum Kind: UInt8, Sendable {
            case term, and, or, not, near
        }

        var kind: Kind
        /// The fields a term is scoped to, as `RuleEvaluator` field-mask bits.
        var scope: UInt8
        /// A term's automaton pattern (-1: it normalises to nothing and never occurs); a
        /// NEAR's index into `proximity`.
        var argument: Int32
        /// One past this node's subtree.
        var end: Int32
    }

    private(set) var operations: [Operation] = []
    /// Where each topic's rule starts in `operations`.
    private(set) var roots: [Int32] = []
    /// The NEAR/BEFORE nodes, for the tree evaluator.
    private(set) var proximity: [CompiledNode] = []

    init(_ rules: [CompiledNode]) {
        for rule in rules {
            roots.append(Int32(operations.count))
            append(rule)
        }
    }

    private mutating func append(_ node: CompiledNode) {
        let index = operations.count
        switch node {
        case .term(let term, let pattern):
            operations.append(Operation(kind: .term, scope: RuleEvaluator.scope(term.field), argument: Int32(pattern ?? -1), end: 0))
        case .and(let nodes), .or(let nodes):
            let kind: Operation.Kind = if case .and = node { .and } else { .or }
            operations.append(Operation(kind: kind, scope: 0, argument: 0, end: 0))
            for child in nodes { append(child) }
        case .not(let inner):
            operations.append(Operation(kind: .not, scope: 0, argument: 0, end: 0))
            append(inner)
        case .near:
            operations.append(Operation(kind: .near, scope: 0, argument: Int32(proximity.count), end: 0))
            proximity.append(node)
        }
        operations[index].end = Int32(operations.count)
    }

    /// Whether topic `topic`'s rule holds for the occurrences `evaluator` found.
    func holds(topic: Int, _ evaluator: RuleEvaluator) -> Bool {
        operations.withUnsafeBufferPointer { holds(Int(roots[topic]), in: $0, evaluator) }
    }

    private func holds(_ index: Int, in operations: UnsafeBufferPointer<Operation>, _ evaluator: RuleEvaluator) -> Bool {
        let operation = operations[index]
        switch operation.kind {
        case .term:
            return operation.argument >= 0 && evaluator.fields(of: Int(operation.argument)) & operation.scope != 0
        case .and, .or:
            let wanted = operation.kind == .or
            var child = index + 1
            while child < Int(operation.end) {
                if holds(child, in: operations, evaluator) == wanted { return wanted }
                child = Int(operations[child].end)
            }
            return !wanted
        case .not:
            return !holds(index + 1, in: operations, evaluator)
        case .near:
            return evaluator.holds(proximity[Int(operation.argument)])
        }
    }
}
