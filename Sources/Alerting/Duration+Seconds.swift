/// A `Duration` as a number of seconds, for the places that hand it to APIs (and
/// arithmetic) that count in seconds.
extension Duration {
    /// The duration in seconds, fractions included.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
