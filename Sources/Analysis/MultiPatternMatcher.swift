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

    /// Marks a transition into a state that reports at least one pattern.
    private static let reportsFlag: UInt32 = 0x8000_0000

    private let byteClass: [UInt16]
    private let classCount: Int
    /// `transitions[state * classCount + class]`: the next state, with `reportsFlag`.
    private let transitions: [UInt32]
    /// Patterns reported in state `s`: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [UInt32]
    private let outputs: [Int32]
    /// Byte length of each pattern.
    public let lengths: [Int]

    /// The number of automaton states (for memory reports).
    public var stateCount: Int { outputStart.count - 1 }
    /// Approximate memory held by the tables, in bytes.
    public var tableBytes: Int { transitions.count * 4 + outputStart.count * 4 + outputs.count * 4 + 512 }

    /// Builds the automaton; pattern `i` is reported as `Match.pattern == i`. Empty
    /// patterns are never reported.
    public init(patterns: [String]) {
        let bytes = patterns.map { Array($0.utf8) }
        lengths = bytes.map(\.count)

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

        // Breadth first: each state's row is its failure state's row with its own
        // children written over it, so the rows become the complete transition function.
        let stateCount = children.count
        var table = [UInt32](repeating: 0, count: stateCount * width)
        var fail = [Int](repeating: 0, count: stateCount)
        var reported = own
        var order: [Int] = [0]
        order.reserveCapacity(stateCount)
        var head = 0
        while head < order.count {
            let state = order[head]
            head += 1
            if state != 0 {
                let base = state * width, failBase = fail[state] * width
                for column in 0..<width { table[base + column] = table[failBase + column] }
                reported[state] += reported[fail[state]]
            }
            for (symbol, child) in children[state] {
                let child = Int(child)
                fail[child] = state == 0 ? 0 : Int(table[fail[state] * width + Int(symbol)] & ~Self.reportsFlag)
                order.append(child)
            }
            for (symbol, child) in children[state] {
                table[state * width + Int(symbol)] = UInt32(child)
            }
        }
        // Flag transitions into reporting states and flatten the output lists.
        var starts: [UInt32] = [0]
        var flat: [Int32] = []
        for state in 0..<stateCount {
            flat += reported[state]
            starts.append(UInt32(flat.count))
        }
        for index in table.indices {
            let target = Int(table[index])
            if starts[target + 1] > starts[target] { table[index] |= Self.reportsFlag }
        }
        transitions = table
        outputStart = starts
        outputs = flat
    }

    /// Calls `body(pattern, end)` for every occurrence, in order of `end` (a byte offset
    /// just past the occurrence; it starts at `end - lengths[pattern]`).
    @inline(__always)
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        guard stateCount > 1 else { return }
        byteClass.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                var state = 0
                for offset in 0..<text.count {
                    let next = table[state &* classCount &+ Int(classes[Int(text[offset])])]
                    state = Int(next & ~Self.reportsFlag)
                    if next & Self.reportsFlag != 0 {
                        for slot in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                            body(Int(outputs[slot]), offset + 1)
                        }
                    }
                }
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
