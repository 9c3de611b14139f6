/// A small deterministic generator (Steele, Lea and Flood's SplitMix64), for tests whose
/// random cases must be the same on every run.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in (0, 1), never 0 (so its logarithm is finite).
    public mutating func unitInterval() -> Double {
        (Double(next() >> 11) + 0.5) / Double(UInt64(1) << 53)
    }
}
