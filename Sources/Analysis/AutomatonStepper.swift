/// One step of the automaton, for the scan loops: the tables as raw buffers, valid only
/// inside `AutomatonTables.withStepper`.
///
/// A state with a complete row costs one load. A sparse state whose own children do not
/// continue and whose failure state has a row — nearly every sparse step in a scan — costs
/// two, inline: its 16-byte node, then the failure state's row. Anything else (more than
/// two children, a chain of sparse failure states) goes to `AutomatonTables.sparseStep`.
struct AutomatonStepper {
    let classes: UnsafeBufferPointer<UInt16>
    let rows: UnsafeBufferPointer<UInt16>
    let nodes: UnsafeBufferPointer<UInt32>
    let reportBits: UnsafeBufferPointer<UInt64>
    let tables: AutomatonTables
    let width: Int
    let rowStates: Int
    let quiet: Int

    init(
        classes: UnsafeBufferPointer<UInt16>, rows: UnsafeBufferPointer<UInt16>, nodes: UnsafeBufferPointer<UInt32>,
        reportBits: UnsafeBufferPointer<UInt64>, tables: AutomatonTables
    ) {
        self.classes = classes
        self.rows = rows
        self.nodes = nodes
        self.reportBits = reportBits
        self.tables = tables
        width = tables.classCount
        rowStates = tables.denseCount
        quiet = tables.quietCount
    }

    /// The state after reading `byte` in `state`.
    @inline(__always)
    func next(_ state: Int, _ byte: UInt8) -> Int {
        let symbol = Int(classes[Int(byte)])
        if state < rowStates { return Int(rows[state &* width &+ symbol]) }
        let base = (state &- rowStates) &<< 2
        let symbols = nodes[base &+ 3], wanted = UInt32(truncatingIfNeeded: symbol)
        if symbols & 0xFFFF == wanted { return Int(nodes[base &+ 1]) }
        if symbols &>> 16 == wanted { return Int(nodes[base &+ 2]) }
        let fail = Int(nodes[base])
        if fail < rowStates, symbols & 0xFFFF != AutomatonBuilder.moreChildren { return Int(rows[fail &* width &+ symbol]) }
        return tables.sparseStep(state, symbol)
    }

    /// Whether `state` reports a pattern: states with rows that report are numbered last
    /// among the rows, so most steps learn it from one comparison.
    @inline(__always)
    func reports(_ state: Int) -> Bool {
        state >= quiet && (state < rowStates || reportBits[state &>> 6] & (1 &<< UInt64(state & 63)) != 0)
    }
}
