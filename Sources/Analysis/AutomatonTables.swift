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
    let sparseStart: [UInt32]
    let sparseSymbols: [UInt16]
    let sparseTargets: [UInt32]
    let fail: [UInt32]
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
        sparseStart = built.sparseStart
        sparseSymbols = built.sparseSymbols
        sparseTargets = built.sparseTargets
        fail = built.fail
        reports = built.reports
        outputStart = built.outputStart
        outputs = built.outputs
    }

    /// Approximate memory held by the tables, in bytes.
    var bytes: Int {
        dense.count * 2 + reports.count * 8 + sparseStart.count * 4 + sparseSymbols.count * 2 + sparseTargets.count * 4 + fail.count * 4
            + outputStart.count * 4 + outputs.count * 4 + 512
    }

    /// The entry for leaving sparse state `state` on `symbol`: its own child, or its
    /// failure state's transition, down to the first state with a complete row.
    @inline(never)
    func sparseStep(_ state: Int, _ symbol: Int) -> Int {
        var current = state
        while current >= denseCount {
            let index = current - denseCount
            for slot in Int(sparseStart[index])..<Int(sparseStart[index + 1]) where Int(sparseSymbols[slot]) == symbol {
                return Int(sparseTargets[slot])
            }
            current = Int(fail[index])
        }
        return Int(dense[current * classCount + symbol])
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
