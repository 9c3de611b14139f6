/// Texts scanned as four stretches in lock step: an item's fields (a few hundred bytes),
/// and long texts window by window.
///
/// Each step of the automaton waits on the table row the step before chose, and on the
/// per-item path most of those rows are not in the core's first-level cache: one stream
/// spent two thirds of its time on that load (`perf`, BENCHMARKS.md). Four independent
/// streams over consecutive quarters of the text keep four loads in flight. A quarter
/// after the first starts `longest - 1` bytes early, so that an occurrence ending in it is
/// found whole, and reports only what ends inside it: the occurrences, and their order
/// (by end, then as the automaton lists them), are exactly a single pass's.
extension MultiPatternMatcher {
    /// Texts shorter than this (or than four times the longest pattern) are scanned in one
    /// stream: the warm-up bytes would cost more than the overlap saves.
    static let shortInterleavingMinimum = 48

    /// Longer texts are scanned window by window, each window as a short text: the
    /// occurrences wait in a buffer on the stack, and each window's rows stay warm.
    static let windowSize = 8192

    /// Whether a text (or window) of `count` bytes is scanned as four streams.
    func interleavesShort(_ count: Int) -> Bool {
        count >= Self.shortInterleavingMinimum && count >= 4 * longest
    }

    @inline(__always)
    func scanShortInterleaved(_ stepper: AutomatonStepper, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        let count = text.count, warmUp = longest - 1, quarter = (count + 3) / 4
        // Stream k reports ends in (bound k, bound k+1] and starts reading at start k.
        let bound1 = quarter, bound2 = min(count, 2 * quarter), bound3 = min(count, 3 * quarter)
        let start1 = bound1 - warmUp, start2 = bound2 - warmUp, start3 = bound3 - warmUp
        let lengths = (bound1, bound2 - start1, bound3 - start2, count - start3)
        let common = min(min(lengths.0, lengths.1), min(lengths.2, lengths.3))
        // A stream reports at most once per byte it reads: each gets room for its length.
        let capacity = lengths.0 + lengths.1 + lengths.2 + lengths.3
        withUnsafeTemporaryAllocation(of: (state: Int32, end: Int32).self, capacity: capacity) { pending in
            @inline(__always) func step(_ state: Int, _ byte: UInt8) -> Int { stepper.next(state, byte) }
            @inline(__always) func reporting(_ state: Int) -> Bool { stepper.reports(state) }
            let base = (0, lengths.0, lengths.0 + lengths.1, lengths.0 + lengths.1 + lengths.2)
            var found = (0, 0, 0, 0)
            var states = (0, 0, 0, 0)
            for position in 0..<common {
                states = (step(states.0, text[position]), step(states.1, text[start1 &+ position]),
                          step(states.2, text[start2 &+ position]), step(states.3, text[start3 &+ position]))
                if reporting(states.0) {
                    pending[base.0 &+ found.0] = (Int32(truncatingIfNeeded: states.0), Int32(truncatingIfNeeded: position &+ 1))
                    found.0 &+= 1
                }
                if reporting(states.1) {
                    pending[base.1 &+ found.1] = (Int32(truncatingIfNeeded: states.1), Int32(truncatingIfNeeded: start1 &+ position &+ 1))
                    found.1 &+= 1
                }
                if reporting(states.2) {
                    pending[base.2 &+ found.2] = (Int32(truncatingIfNeeded: states.2), Int32(truncatingIfNeeded: start2 &+ position &+ 1))
                    found.2 &+= 1
                }
                if reporting(states.3) {
                    pending[base.3 &+ found.3] = (Int32(truncatingIfNeeded: states.3), Int32(truncatingIfNeeded: start3 &+ position &+ 1))
                    found.3 &+= 1
                }
            }
            @inline(__always) func finish(_ state: Int, from: Int, to: Int, into slot: Int, _ found: inout Int) {
                var state = state
                for offset in from..<to {
                    state = step(state, text[offset])
                    if reporting(state) {
                        pending[slot &+ found] = (Int32(truncatingIfNeeded: state), Int32(truncatingIfNeeded: offset &+ 1))
                        found &+= 1
                    }
                }
            }
            finish(states.0, from: common, to: bound1, into: base.0, &found.0)
            finish(states.1, from: start1 + common, to: bound2, into: base.1, &found.1)
            finish(states.2, from: start2 + common, to: bound3, into: base.2, &found.2)
            finish(states.3, from: start3 + common, to: count, into: base.3, &found.3)
            @inline(__always) func report(_ slot: Int, _ total: Int, after: Int) {
                for index in slot..<(slot &+ total) where Int(pending[index].end) > after {
                    let state = Int(pending[index].state)
                    for output in Int(stepper.tables.outputStart[state])..<Int(stepper.tables.outputStart[state + 1]) {
                        body(Int(stepper.tables.outputs[output]), Int(pending[index].end))
                    }
                }
            }
            report(base.0, found.0, after: 0)
            report(base.1, found.1, after: bound1)
            report(base.2, found.2, after: bound2)
            report(base.3, found.3, after: bound3)
        }
    }
}

extension MultiPatternMatcher {
    /// Every (pattern, end) a single stream reports, in its order: what the interleaved
    /// scans must reproduce exactly (for tests).
    func singleStreamReports(in text: [UInt8]) -> [(pattern: Int, end: Int)] {
        var result: [(pattern: Int, end: Int)] = []
        guard stateCount > 1 else { return result }
        text.withUnsafeBufferPointer { buffer in
            tables.withStepper { stepper in scan(stepper, buffer) { result.append(($0, $1)) } }
        }
        return result
    }
}

extension MultiPatternMatcher {
    /// A long text as consecutive windows of `windowSize`, each scanned as a short text;
    /// a window after the first starts `longest - 1` bytes early and reports only ends
    /// inside it. (Four streams over the text's quarters, with every occurrence kept in
    /// growing arrays until the end, ran 15–18 % slower by median: BENCHMARKS.md.)
    func scanWindows(_ stepper: AutomatonStepper, _ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        let warmUp = longest - 1
        var start = 0
        while start < text.count {
            let from = max(0, start - warmUp), to = min(text.count, start + Self.windowSize)
            let piece = UnsafeBufferPointer(rebasing: text[from..<to])
            let skip = start - from
            if interleavesShort(piece.count) {
                scanShortInterleaved(stepper, piece) { pattern, end in if end > skip { body(pattern, end + from) } }
            } else {
                scan(stepper, piece) { pattern, end in if end > skip { body(pattern, end + from) } }
            }
            start = to
        }
    }
}

