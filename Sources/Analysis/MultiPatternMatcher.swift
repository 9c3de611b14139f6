/// An Aho–Corasick automaton over UTF-8 bytes, compiled to a deterministic automaton:
/// finds every occurrence of every pattern in one pass over the text, one table lookup
/// per byte, whatever the number of patterns.
///
/// UTF-8 is self-synchronising, so a pattern's bytes can only match at a character
/// boundary of valid text; offsets are therefore byte offsets that always fall on
/// characters. Bytes that occur in no pattern share one column ("byte classes"). Shallow
/// states have complete rows, deeper ones sparse children and a failure link
/// (`AutomatonBuilder`), so the tables stay small and the hot rows stay in cache whatever
/// the keyword alphabet (see BENCHMARKS.md).
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

    let tables: AutomatonTables
    /// Byte length of each pattern.
    public let lengths: [Int]
    /// The longest pattern's byte length.
    let longest: Int

    /// The number of automaton states (for memory reports).
    public var stateCount: Int { tables.outputStart.count - 1 }
    /// States with complete rows.
    public var denseStateCount: Int { tables.denseCount }
    /// Approximate memory held by the tables, in bytes.
    public var tableBytes: Int { tables.bytes }

    /// Complete rows are kept within this many bytes.
    public static let defaultDenseBudget = 6 << 20

    /// Builds the automaton; pattern `i` is reported as `Match.pattern == i`. Empty
    /// patterns are never reported.
    public init(patterns: [String], denseBudget: Int = MultiPatternMatcher.defaultDenseBudget) {
        let bytes = patterns.map { Array($0.utf8) }
        lengths = bytes.map(\.count)
        longest = lengths.max() ?? 0
        let built = AutomatonBuilder(patterns: bytes, denseBudget: denseBudget)
        tables = AutomatonTables(built)
    }

    /// Calls `body(pattern, end)` for every occurrence, in order of `end` (a byte offset
    /// just past the occurrence; it starts at `end - lengths[pattern]`).
    @inline(__always)
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        guard stateCount > 1 else { return }
        let interleave = text.count >= Self.interleavingThreshold, short = interleavesShort(text.count)
        tables.dense.withUnsafeBufferPointer { table in
            tables.reports.withUnsafeBufferPointer { reports in
                if interleave {
                    scanInterleaved(table, reports, text, body)
                } else if short {
                    scanShortInterleaved(table, reports, text, body)
                } else {
                    scan(table, reports, text, body)
                }
            }
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
    private func scanInterleaved(
        _ table: UnsafeBufferPointer<UInt16>, _ reports: UnsafeBufferPointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void
    ) {
        let count = text.count, quarter = (count + 3) / 4, warmUp = max(0, longest - 1)
        let bounds = (0...4).map { min(count, $0 * quarter) }
        let starts = (0..<4).map { max(0, bounds[$0] - ($0 == 0 ? 0 : warmUp)) }
        var found: [[(state: Int32, end: Int)]] = [[], [], [], []]
        let tables = tables
        tables.byteClass.withUnsafeBufferPointer { classes in
            let width = tables.classCount, denseEnd = tables.denseCount
            @inline(__always) func step(_ state: Int, _ byte: UInt8) -> Int {
                let symbol = Int(classes[Int(byte)])
                return state < denseEnd ? Int(table[state &* width &+ symbol]) : tables.sparseStep(state, symbol)
            }
            let quiet = tables.quietCount
            @inline(__always) func reporting(_ state: Int) -> Bool {
                state >= quiet && (state < denseEnd || reports[state &>> 6] & (1 &<< UInt64(state & 63)) != 0)
            }
            var states = (0, 0, 0, 0)
            let common = (0..<4).map { bounds[$0 + 1] - starts[$0] }.min() ?? 0
            let (p0, p1, p2, p3) = (starts[0], starts[1], starts[2], starts[3])
            for position in 0..<common {
                states = (step(states.0, text[p0 &+ position]), step(states.1, text[p1 &+ position]),
                          step(states.2, text[p2 &+ position]), step(states.3, text[p3 &+ position]))
                if reporting(states.0) { found[0].append((Int32(truncatingIfNeeded: states.0), p0 + position + 1)) }
                if reporting(states.1) { found[1].append((Int32(truncatingIfNeeded: states.1), p1 + position + 1)) }
                if reporting(states.2) { found[2].append((Int32(truncatingIfNeeded: states.2), p2 + position + 1)) }
                if reporting(states.3) { found[3].append((Int32(truncatingIfNeeded: states.3), p3 + position + 1)) }
            }
            var last = [states.0, states.1, states.2, states.3]
            for stream in 0..<4 {
                var state = last[stream]
                for offset in (starts[stream] + common)..<bounds[stream + 1] {
                    state = step(state, text[offset])
                    if reporting(state) { found[stream].append((Int32(truncatingIfNeeded: state), offset + 1)) }
                }
                last[stream] = state
            }
        }
        for stream in 0..<4 {
            for (state, end) in found[stream] where end > bounds[stream] || stream == 0 {
                for slot in Int(tables.outputStart[Int(state)])..<Int(tables.outputStart[Int(state) + 1]) {
                    body(Int(tables.outputs[slot]), end)
                }
            }
        }
    }

    /// The hot loop: one table lookup per byte. Reporting states are only recorded in a
    /// small buffer here, and handed to `body` when it fills, so that the loop makes no
    /// calls and keeps its state in registers.
    @inline(__always)
    func scan(
        _ table: UnsafeBufferPointer<UInt16>, _ reports: UnsafeBufferPointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void
    ) {
        let capacity = 256
        let tables = tables
        withUnsafeTemporaryAllocation(of: (state: Int32, end: Int).self, capacity: capacity) { pending in
            tables.byteClass.withUnsafeBufferPointer { classes in
                let width = tables.classCount, denseEnd = tables.denseCount, quiet = tables.quietCount
                var state = 0
                var count = 0
                for offset in 0..<text.count {
                    let symbol = Int(classes[Int(text[offset])])
                    state = state < denseEnd ? Int(table[state &* width &+ symbol]) : tables.sparseStep(state, symbol)
                    if state >= quiet, state < denseEnd || reports[state &>> 6] & (1 &<< UInt64(state & 63)) != 0 {
                        pending[count] = (Int32(truncatingIfNeeded: state), offset + 1)
                        count &+= 1
                        if count == capacity {
                            tables.report(pending, count, body)
                            count = 0
                        }
                    }
                }
                tables.report(pending, count, body)
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
