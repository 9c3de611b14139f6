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

    /// Complete rows are kept within this many bytes: 2 MB. Since a state without a row
    /// is a 16-byte node stepped inline, rows pay only where a scan returns to them often.
    /// With 6 MB, 10,000 keywords over a thousand characters got rows down to their second
    /// character (40,000 states), which text of those characters visits so evenly that the
    /// rows crowded the cache and the scan ran at half the speed it has with rows through
    /// one byte of the second character (5,800 states); news-like keyword sets lost nothing
    /// at 2 MB (BENCHMARKS.md, session 23).
    public static let defaultDenseBudget = 2 << 20

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
        tables.withStepper { stepper in
            if text.count > Self.windowSize {
                scanWindows(stepper, text, body)
            } else if interleavesShort(text.count) {
                scanShortInterleaved(stepper, text, body)
            } else {
                scan(stepper, text, body)
            }
        }
    }

    /// The hot loop: one step per byte. Reporting states are only recorded in a small
    /// buffer here, and handed to `body` when it fills, so that the loop makes no calls and
    /// keeps its state in registers.
    @inline(__always)
    func scan(_ stepper: AutomatonStepper, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        let capacity = 256
        withUnsafeTemporaryAllocation(of: (state: Int32, end: Int).self, capacity: capacity) { pending in
            var state = 0
            var count = 0
            for offset in 0..<text.count {
                state = stepper.next(state, text[offset])
                if stepper.reports(state) {
                    pending[count] = (Int32(truncatingIfNeeded: state), offset + 1)
                    count &+= 1
                    if count == capacity {
                        stepper.tables.report(pending, count, body)
                        count = 0
                    }
                }
            }
            stepper.tables.report(pending, count, body)
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
