/// An Aho–Corasick automaton over Unicode scalars: finds every occurrence of every
/// pattern in one pass over the text, whatever the number of patterns.
public struct MultiPatternMatcher: Sendable {
    public struct Match: Sendable, Equatable {
        public var pattern: Int
        /// Scalar offsets in the searched text, `start..<end`.
        public var start: Int
        public var end: Int
    }

    private struct State: Sendable {
        var next: [Unicode.Scalar: Int] = [:]
        var fail = 0
        var outputs: [Int] = []
    }

    private var states = [State()]
    private let lengths: [Int]

    /// Builds the automaton; pattern `i` is reported as `Match.pattern == i`.
    public init(patterns: [String]) {
        lengths = patterns.map { $0.unicodeScalars.count }
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for scalar in pattern.unicodeScalars {
                if let next = states[state].next[scalar] {
                    state = next
                } else {
                    states.append(State())
                    states[state].next[scalar] = states.count - 1
                    state = states.count - 1
                }
            }
            states[state].outputs.append(index)
        }
        var queue: [Int] = Array(states[0].next.values)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (scalar, child) in states[state].next {
                queue.append(child)
                var fallback = states[state].fail
                while fallback != 0 && states[fallback].next[scalar] == nil { fallback = states[fallback].fail }
                let target = states[fallback].next[scalar] ?? 0
                states[child].fail = target == child ? 0 : target
                states[child].outputs += states[states[child].fail].outputs
            }
        }
    }

    /// Every occurrence of every pattern in `scalars`.
    public func matches(in scalars: [Unicode.Scalar]) -> [Match] {
        var result: [Match] = []
        var state = 0
        for (offset, scalar) in scalars.enumerated() {
            while state != 0 && states[state].next[scalar] == nil { state = states[state].fail }
            state = states[state].next[scalar] ?? 0
            for pattern in states[state].outputs {
                result.append(Match(pattern: pattern, start: offset + 1 - lengths[pattern], end: offset + 1))
            }
        }
        return result
    }
}
