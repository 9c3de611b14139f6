/// The tables of a compiled `MultiPatternMatcher`, immutable once built.
///
/// They live in one object so that copying a matcher — which every closure capturing one
/// does, three times per scored item — costs one reference count instead of one per table
/// (eleven atomic increments and as many decrements per copy were 8 % of the per-item path).
final class AutomatonTables: Sendable {
    let byteClass: [UInt16]
    let classCount: Int
    /// Complete rows for the shallow states (`AutomatonBuilder` says which).
    let dense: [UInt16]
    let denseCount: Int
    let quietCount: Int
    /// Sparse states, 16 bytes each (`AutomatonBuilder.nodes`).
    let nodes: [UInt32]
    let sparseSymbols: [UInt16]
    let sparseTargets: [UInt32]
    let reports: [UInt64]
    /// Patterns reported in state `s`: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    let outputStart: [UInt32]
    let outputs: [Int32]

    init(_ built: AutomatonBuilder) {
        byteClass = built.byteClass
        classCount = built.classCount
        dense = built.dense
        denseCount = built.denseCount
        quietCount = built.quietCount
        nodes = built.nodes
        sparseSymbols = built.sparseSymbols
        sparseTargets = built.sparseTargets
        reports = built.reports
        outputStart = built.outputStart
        outputs = built.outputs
    }

    /// Approximate memory held by the tables, in bytes.
    var bytes: Int {
        dense.count * 2 + reports.count * 8 + nodes.count * 4 + sparseSymbols.count * 2 + sparseTargets.count * 4
            + outputStart.count * 4 + outputs.count * 4 + 512
    }

    /// Runs `body` with the tables as raw buffers (`AutomatonStepper`), valid inside it.
    @inline(__always)
    func withStepper<Result>(_ body: (AutomatonStepper) -> Result) -> Result {
        byteClass.withUnsafeBufferPointer { classes in
            dense.withUnsafeBufferPointer { rows in
                nodes.withUnsafeBufferPointer { nodes in
                    reports.withUnsafeBufferPointer { reports in
                        body(AutomatonStepper(classes: classes, rows: rows, nodes: nodes, reportBits: reports, tables: self))
                    }
                }
            }
        }
    }

    /// The entry for leaving sparse state `state` on `symbol`: its own child, or its
    /// failure state's transition, down to the first state with a complete row.
    @inline(never)
    func sparseStep(_ state: Int, _ symbol: Int) -> Int {
        var current = state
        let wanted = UInt32(truncatingIfNeeded: symbol)
        while current >= denseCount {
            let base = (current &- denseCount) &<< 2
            let symbols = nodes[base + 3]
            if symbols & 0xFFFF == wanted { return Int(nodes[base + 1]) }
            if symbols &>> 16 == wanted { return Int(nodes[base + 2]) }
            if symbols & 0xFFFF == AutomatonBuilder.moreChildren {
                for slot in Int(nodes[base + 1])..<Int(nodes[base + 2]) where UInt32(sparseSymbols[slot]) == wanted {
                    return Int(sparseTargets[slot])
                }
            }
            current = Int(nodes[base])
        }
        return Int(dense[current &* classCount &+ symbol])
    }

    /// Hands `body` the patterns of each recorded reporting state, in order.
    @inline(never)
    func report(_ pending: UnsafeMutableBufferPointer<(state: Int32, end: Int)>, _ count: Int, _ body: (Int, Int) -> Void) {
        for index in 0..<count {
            let (state, end) = pending[index]
            for slot in Int(outputStart[Int(state)])..<Int(outputStart[Int(state) + 1]) {
                body(Int(outputs[slot]), Int(end))
            }
        }
    }
}
