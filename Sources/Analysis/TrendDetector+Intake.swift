extension TrendDetector {
    /// The signal of a topic judged with the whole intake in view: a fall counts only while
    /// the stories outside the topic (`intake` − `counts`) are not falling as well.
    ///
    /// When every feed goes quiet at once — the network or a proxy is down, the machine
    /// slept, a recorded stream ended — each topic's count drops to nothing and would be
    /// called falling, one alert per topic, none of them about the topic. Those are not the
    /// topic's news: failing sources are announced by the source rules instead. A topic
    /// that falls while the rest of the intake carries on is called falling as before; a
    /// topic that makes up nearly all of the intake is judged alone, since the rest is then
    /// too thin for its own fall test.
    /// - Parameters:
    ///   - intake: new stories of every topic and of none per bucket, aligned with `counts`
    ///     (a story in several topics once); nil to judge the topic alone.
    public func evaluate(_ counts: [Int], intake: [Int]?, now: Int, firstBucket: Int? = nil) -> TrendSignal {
        var signal = evaluate(counts, now: now, firstBucket: firstBucket)
        guard signal.direction == .falling, let intake, intake.count == counts.count else { return signal }
        let rest = zip(intake, counts).map { max(0, $0 - $1) }
        if evaluate(rest, now: now, firstBucket: firstBucket).direction == .falling {
            signal.direction = .steady
            signal.evidence = nil
            signal.intakeFell = true
        }
        return signal
    }
}
