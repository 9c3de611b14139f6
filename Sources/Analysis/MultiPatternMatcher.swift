/// An Aho–Corasick automaton over UTF-8 bytes, compiled to a deterministic automaton:
/// finds every occurrence of every pattern in one pass over the text, one table lookup
/// per byte, whatever the number of patterns.
///
/// UTF-8 is self-synchronising, so a pattern's bytes can only match at a character
/// boundary of valid text; offsets are therefore byte offsets that always fall on
/// characters. Bytes that occur in no pattern share one column of the table ("byte
/// classes"), which keeps the table at `states × classes` entries: about 30 MB for
/// 10,000 Chinese and Latin keywords (see BENCHMARKS.md).
public struct MultiPatternMatcher: Sendable {
    public struct Match: Sendable, Equatable {
        public var pattern: Int
        /// UTF-8 byte offsets in the searched text, `start..<end`.
        public var start: Int
        public var end: Int

        public init(pattern: Int, start: Int, end: Int) {
            self.pattern = pattern
            self.start = start
            self.end = end
        }
    }

    /// The transition table, with 16-bit entries while the states fit.
    private enum Table: Sendable {
        case narrow([UInt16])
        case wide([UInt32])
    }

    private let byteClass: [UInt16]
    private let classCount: Int
    /// `transitions[state * classCount + class]`: the next state.
    private let transitions: Table
    /// States numbered at least this report patterns.
    private let firstReporting: Int
    /// Patterns reported in state `s`: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [UInt32]
    private let outputs: [Int32]
    /// Byte length of each pattern.
    public let lengths: [Int]
    /// The longest pattern's byte length.
    private let longest: Int

    /// The number of automaton states (for memory reports).
    public var stateCount: Int { outputStart.count - 1 }
    /// Approximate memory held by the tables, in bytes.
    public var tableBytes: Int {
        let table = switch transitions {
        case .narrow(let entries): entries.count * 2
        case .wide(let entries): entries.count * 4
        }
        return table + outputStart.count * 4 + outputs.count * 4 + 512
    }

    /// Builds the automaton; pattern `i` is reported as `Match.pattern == i`. Empty
    /// patterns are never reported.
    public init(patterns: [String]) {
        let bytes = patterns.map { Array($0.utf8) }
        lengths = bytes.map(\.count)
        longest = lengths.max() ?? 0

        var classes = [UInt16](repeating: 0, count: 256)
        var nextClass: UInt16 = 1
        for pattern in bytes {
            for byte in pattern where classes[Int(byte)] == 0 {
                classes[Int(byte)] = nextClass
                nextClass += 1
            }
        }
        byteClass = classes
        let width = Int(nextClass)
        classCount = width

        // The trie, with sparse children while it is built.
        var children: [[UInt16: Int32]] = [[:]]
        var own: [[Int32]] = [[]]
        for (index, pattern) in bytes.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let symbol = classes[Int(byte)]
                if let next = children[state][symbol] {
                    state = Int(next)
                } else {
                    children.append([:])
                    own.append([])
                    children[state][symbol] = Int32(children.count - 1)
                    state = children.count - 1
                }
            }
            own[state].append(Int32(index))
        }

        // Breadth first, renumbering states in that order so that the shallow states,
        // where the automaton spends most of its time, share cache lines. Each state's
        // row is its failure state's row with its own children written over it, so the
        // rows become the complete transition function.
        let stateCount = children.count
        var table = [UInt32](repeating: 0, count: stateCount * width)
        var order: [Int] = [0]
        order.reserveCapacity(stateCount)
        var fail: [Int] = [0]  // by new id
        var reported: [[Int32]] = [own[0]]  // by new id
        reported.reserveCapacity(stateCount)
        var head = 0
        while head < order.count {
            let old = order[head]
            let state = head
            head += 1
            if state != 0 {
                let base = state * width, failBase = fail[state] * width
                for column in 0..<width { table[base + column] = table[failBase + column] }
                reported[state] += reported[fail[state]]
            }
            for (symbol, child) in children[old].sorted(by: { $0.key < $1.key }) {
                let id = order.count
                order.append(Int(child))
                fail.append(0)
                fail[id] = state == 0 ? 0 : Int(table[fail[state] * width + Int(symbol)])
                reported.append(own[Int(child)])
                table[state * width + Int(symbol)] = UInt32(id)
            }
        }
        // Renumber once more: states that report come last, so a state reports exactly
        // when its number is at least `firstReporting` (no flag bit, so the table fits
        // 16-bit entries up to 65,536 states); the rest keep their breadth-first order.
        let quiet = (0..<stateCount).filter { reported[$0].isEmpty }
        let loud = (0..<stateCount).filter { !reported[$0].isEmpty }
        var final = [Int](repeating: 0, count: stateCount)
        for (id, state) in (quiet + loud).enumerated() { final[state] = id }
        var starts: [UInt32] = [0]
        var flat: [Int32] = []
        for state in quiet + loud {
            flat += reported[state]
            starts.append(UInt32(flat.count))
        }
        var renumbered = [UInt32](repeating: 0, count: table.count)
        for state in 0..<stateCount {
            let from = state * width, to = final[state] * width
            for column in 0..<width { renumbered[to + column] = UInt32(final[Int(table[from + column])]) }
        }
        firstReporting = quiet.count
        if stateCount <= Int(UInt16.max) + 1 {
            transitions = .narrow(renumbered.map { UInt16(truncatingIfNeeded: $0) })
        } else {
            transitions = .wide(renumbered)
        }
        outputStart = starts
        outputs = flat
    }

    /// Calls `body(pattern, end)` for every occurrence, in order of `end` (a byte offset
    /// just past the occurrence; it starts at `end - lengths[pattern]`).
    @inline(__always)
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        guard stateCount > 1 else { return }
        let interleave = text.count >= Self.interleavingThreshold
        switch transitions {
        case .narrow(let table):
            table.withUnsafeBufferPointer { interleave ? scanInterleaved($0, text, body) : scan($0, text, body) }
        case .wide(let table):
            table.withUnsafeBufferPointer { interleave ? scanInterleaved($0, text, body) : scan($0, text, body) }
        }
    }

    /// Texts at least this long are scanned as four interleaved streams.
    static let interleavingThreshold = 1 << 16

    /// Each lookup depends on the one before, so one stream waits on memory most of the
    /// time. Four streams over consecutive quarters of the text, advanced in lock step,
    /// overlap those waits. Each quarter after the first starts `longest - 1` bytes
    /// early so that occurrences across the boundary are found, and reports only
    /// occurrences ending inside its quarter; reports are handed on quarter by quarter,
    /// so they stay in order of `end`.
    private func scanInterleaved<Entry: FixedWidthInteger>(
        _ table: UnsafeBufferPointer<Entry>, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void
    ) {
        let count = text.count, quarter = (count + 3) / 4, warmUp = max(0, longest - 1)
        let bounds = (0...4).map { min(count, $0 * quarter) }
        let starts = (0..<4).map { max(0, bounds[$0] - ($0 == 0 ? 0 : warmUp)) }
        var found: [[(state: Int32, end: Int)]] = [[], [], [], []]
        byteClass.withUnsafeBufferPointer { classes in
            let width = classCount, first = firstReporting
            var states = (0, 0, 0, 0)
            let common = (0..<4).map { bounds[$0 + 1] - starts[$0] }.min() ?? 0
            let (p0, p1, p2, p3) = (starts[0], starts[1], starts[2], starts[3])
            for step in 0..<common {
                states.0 = Int(truncatingIfNeeded: table[states.0 &* width &+ Int(classes[Int(text[p0 &+ step])])])
                states.1 = Int(truncatingIfNeeded: table[states.1 &* width &+ Int(classes[Int(text[p1 &+ step])])])
                states.2 = Int(truncatingIfNeeded: table[states.2 &* width &+ Int(classes[Int(text[p2 &+ step])])])
                states.3 = Int(truncatingIfNeeded: table[states.3 &* width &+ Int(classes[Int(text[p3 &+ step])])])
                if states.0 >= first { found[0].append((Int32(truncatingIfNeeded: states.0), p0 + step + 1)) }
                if states.1 >= first { found[1].append((Int32(truncatingIfNeeded: states.1), p1 + step + 1)) }
                if states.2 >= first { found[2].append((Int32(truncatingIfNeeded: states.2), p2 + step + 1)) }
                if states.3 >= first { found[3].append((Int32(truncatingIfNeeded: states.3), p3 + step + 1)) }
            }
            var last = [states.0, states.1, states.2, states.3]
            for stream in 0..<4 {
                var state = last[stream]
                for offset in (starts[stream] + common)..<bounds[stream + 1] {
                    state = Int(truncatingIfNeeded: table[state &* width &+ Int(classes[Int(text[offset])])])
                    if state >= first { found[stream].append((Int32(truncatingIfNeeded: state), offset + 1)) }
                }
                last[stream] = state
            }
        }
        for stream in 0..<4 {
            for (state, end) in found[stream] where end > bounds[stream] || stream == 0 {
                for slot in Int(outputStart[Int(state)])..<Int(outputStart[Int(state) + 1]) {
                    body(Int(outputs[slot]), end)
                }
            }
        }
    }

    /// The hot loop: one table lookup per byte. Reporting states are only recorded in a
    /// small buffer here, and handed to `body` when it fills, so that the loop makes no
    /// calls and keeps its state in registers.
    @inline(__always)
    private func scan<Entry: FixedWidthInteger>(
        _ table: UnsafeBufferPointer<Entry>, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void
    ) {
        let capacity = 256
        withUnsafeTemporaryAllocation(of: (state: Int32, end: Int).self, capacity: capacity) { pending in
            byteClass.withUnsafeBufferPointer { classes in
                let width = classCount, first = firstReporting
                var state = 0
                var count = 0
                for offset in 0..<text.count {
                    state = Int(truncatingIfNeeded: table[state &* width &+ Int(classes[Int(text[offset])])])
                    if state >= first {
                        pending[count] = (Int32(truncatingIfNeeded: state), offset + 1)
                        count &+= 1
                        if count == capacity {
                            report(pending, count, body)
                            count = 0
                        }
                    }
                }
                report(pending, count, body)
            }
        }
    }

    @inline(never)
    private func report(_ pending: UnsafeMutableBufferPointer<(state: Int32, end: Int)>, _ count: Int, _ body: (Int, Int) -> Void) {
        for index in 0..<count {
            let (state, end) = pending[index]
            for slot in Int(outputStart[Int(state)])..<Int(outputStart[Int(state) + 1]) {
                body(Int(outputs[slot]), Int(end))
            }
        }
    }

    /// Every occurrence of every pattern in `text`, with UTF-8 byte offsets.
    public func matches(in text: String) -> [Match] {
        var text = text
        var result: [Match] = []
        text.withUTF8 { buffer in
            forEachMatch(in: buffer) { pattern, end in
                result.append(Match(pattern: pattern, start: end - lengths[pattern], end: end))
            }
        }
        return result
    }
}
