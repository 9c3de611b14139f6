/// Builds `MultiPatternMatcher`'s tables: the Aho–Corasick trie over byte classes, numbered
/// breadth first, then split by depth. The shallow states — where a scan over text spends
/// nearly all its time — get complete rows of 32-bit entries (a DFA: one load per byte);
/// deeper states keep only their own children, sorted, and a failure link (an NFA, as in
/// the aho-corasick crate's contiguous NFA). How deep the rows go is chosen so that they
/// fit `denseBudget` bytes, i.e. stay in the core's cache: with a large keyword alphabet
/// a complete table would hold tens of MB, nearly all of it rows of states that a scan
/// visits once in a long while.
///
/// Rows hold 16-bit entries, so the levels with rows end before state 65,536 is reached
/// one level further down; whether a state reports is one bit of `reports` (a few KB,
/// read off the scan's chain of dependent loads).
struct AutomatonBuilder {

    var byteClass = [UInt16](repeating: 0, count: 256)
    var classCount = 1
    /// `dense[state * classCount + class]` for states below `denseCount`.
    var dense: [UInt16] = []
    var denseCount = 0
    /// States below this have rows and report nothing.
    var quietCount = 0
    /// Sparse state `s` (≥ `denseCount`) is the 16 bytes at `nodes[4 * (s - denseCount)]`:
    /// its failure state, two children and their two symbols (low and high half of the
    /// fourth word; `noSymbol` where there is none). A state with more children has
    /// `moreChildren` as its first symbol, and its children in `sparseSymbols` and
    /// `sparseTargets` from the second word to the third. One cache line holds four
    /// states, where four separate arrays made a step through a deep state wait on four
    /// lines (BENCHMARKS.md).
    var nodes: [UInt32] = []
    var sparseSymbols: [UInt16] = []
    var sparseTargets: [UInt32] = []
    static let noSymbol: UInt32 = 0xFFFE
    static let moreChildren: UInt32 = 0xFFFF
    /// Bit `s` set when state `s` reports.
    var reports: [UInt64] = []
    var outputStart: [UInt32] = [0]
    var outputs: [Int32] = []

    init(patterns: [[UInt8]], denseBudget: Int) {
        var nextClass: UInt16 = 1
        for pattern in patterns {
            for byte in pattern where byteClass[Int(byte)] == 0 {
                byteClass[Int(byte)] = nextClass
                nextClass += 1
            }
        }
        classCount = Int(nextClass)

        // The trie in insertion order, then renumbered breadth first (depth never decreases).
        var children: [[(symbol: UInt16, child: Int32)]] = [[]]
        var own: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let symbol = byteClass[Int(byte)]
                if let next = children[state].first(where: { $0.symbol == symbol }) {
                    state = Int(next.child)
                } else {
                    children.append([])
                    own.append([])
                    children[state].append((symbol, Int32(children.count - 1)))
                    state = children.count - 1
                }
            }
            own[state].append(Int32(index))
        }
        var order = [0]
        var depth = [0]
        var newID = [Int](repeating: 0, count: children.count)
        var head = 0
        while head < order.count {
            let old = order[head]
            for (_, child) in children[old].sorted(by: { $0.symbol < $1.symbol }) {
                newID[Int(child)] = order.count
                order.append(Int(child))
                depth.append(depth[head] + 1)
            }
            head += 1
        }
        let stateCount = order.count
        let rowBytes = classCount * 2
        // The deepest level whose states, with all shallower ones, fit the budget, and
        // whose children are numbered below 65,536.
        var levelEnds: [Int] = []
        var index = 1
        while index < stateCount {
            var end = index
            while end < stateCount, depth[end] == depth[index] { end += 1 }
            levelEnds.append(end)
            index = end
        }
        var cut = 1
        for (level, end) in levelEnds.enumerated() {
            let childrenEnd = level + 1 < levelEnds.count ? levelEnds[level + 1] : end
            guard end * rowBytes <= denseBudget, childrenEnd <= Int(UInt16.max) + 1 else { break }
            cut = end
        }
        if levelEnds.isEmpty { cut = 1 }
        denseCount = cut

        // Children by new id, sorted by symbol.
        let goto: [[(symbol: UInt16, child: Int)]] = order.map { old in
            children[old].map { ($0.symbol, newID[Int($0.child)]) }.sorted { $0.symbol < $1.symbol }
        }
        var failure = [Int](repeating: 0, count: stateCount)
        var reported: [[Int32]] = order.map { own[$0] }
        var rows = [Int](repeating: 0, count: denseCount * classCount)
        func transition(_ from: Int, _ symbol: UInt16) -> Int {
            var state = from
            while true {
                if state < denseCount { return rows[state * classCount + Int(symbol)] }
                if let hit = goto[state].first(where: { $0.symbol == symbol }) { return hit.child }
                state = failure[state]
            }
        }
        for state in 0..<stateCount {
            if state != 0 { reported[state] += reported[failure[state]] }
            if state < denseCount {
                let base = state * classCount
                if state != 0 {
                    let failBase = failure[state] * classCount
                    for column in 0..<classCount { rows[base + column] = rows[failBase + column] }
                }
                for (symbol, child) in goto[state] { rows[base + Int(symbol)] = child }
            }
            for (symbol, child) in goto[state] {
                failure[child] = state == 0 ? 0 : transition(failure[state], symbol)
            }
        }
        // Renumber: states with rows that report come after those that do not, so that a
        // scan among rows learns whether to report from one comparison (`quietCount`); the
        // states without rows keep their breadth-first order after them.
        let quiet = (0..<denseCount).filter { reported[$0].isEmpty }
        let loud = (0..<denseCount).filter { !reported[$0].isEmpty }
        quietCount = quiet.count
        var final = Array(0..<stateCount)
        for (id, state) in (quiet + loud).enumerated() { final[state] = id }
        let byFinal = quiet + loud + Array(denseCount..<stateCount)
        dense = [UInt16](repeating: 0, count: denseCount * classCount)
        for (id, state) in byFinal.prefix(denseCount).enumerated() {
            for column in 0..<classCount {
                dense[id * classCount + column] = UInt16(truncatingIfNeeded: final[rows[state * classCount + column]])
            }
        }
        nodes.reserveCapacity((stateCount - denseCount) * 4)
        for state in denseCount..<stateCount {
            let edges = goto[state].map { (symbol: UInt32($0.symbol), child: UInt32(final[$0.child])) }
            var node = (fail: UInt32(final[failure[state]]), first: UInt32(0), second: UInt32(0), symbols: Self.noSymbol | Self.noSymbol << 16)
            if edges.count > 2 {
                node.first = UInt32(sparseSymbols.count)
                for edge in edges {
                    sparseSymbols.append(UInt16(edge.symbol))
                    sparseTargets.append(edge.child)
                }
                node.second = UInt32(sparseSymbols.count)
                node.symbols = Self.moreChildren | Self.noSymbol << 16
            } else {
                if edges.count > 0 { (node.first, node.symbols) = (edges[0].child, Self.noSymbol << 16 | edges[0].symbol) }
                if edges.count > 1 { (node.second, node.symbols) = (edges[1].child, edges[1].symbol << 16 | edges[0].symbol) }
            }
            nodes += [node.fail, node.first, node.second, node.symbols]
        }
        reports = [UInt64](repeating: 0, count: stateCount / 64 + 1)
        for (id, state) in byFinal.enumerated() {
            if !reported[state].isEmpty { reports[id >> 6] |= 1 << UInt64(id & 63) }
            outputs += reported[state]
            outputStart.append(UInt32(outputs.count))
        }
    }
}
