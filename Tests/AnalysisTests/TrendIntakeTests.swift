import Testing

@testable import Analysis

/// A fall is a topic's news only while the rest of the intake carries on.
struct TrendIntakeTests {
    /// Five days of a topic and of the rest of the intake, then 45 minutes in which the
    /// topic is silent and the rest keeps `restLevel` of its usual count.
    static func series(restLevel: Double, topicBase: Int = 10, restBase: Int = 40) -> (topic: [Int], intake: [Int]) {
        var topic = TrendDetectorTests.history(days: 5, base: topicBase)
        var rest = TrendDetectorTests.history(days: 5, base: restBase)
        for bucket in (topic.count - 9)..<topic.count {
            topic[bucket] = 0
            rest[bucket] = Int((Double(rest[bucket]) * restLevel).rounded())
        }
        return (topic, zip(topic, rest).map { $0 + $1 })
    }

    @Test func aTopicFallingAloneIsFalling() {
        let (topic, intake) = Self.series(restLevel: 1)
        let signal = TrendDetector().evaluate(topic, intake: intake, now: topic.count - 1)
        #expect(signal.direction == .falling)
        #expect(signal.intakeFell == nil)
    }

    @Test func everyFeedQuietAtOnceIsNoTopicsFall() {
        let (topic, intake) = Self.series(restLevel: 0)
        // Judged alone, the topic falls; with the intake in view the fall is set aside.
        #expect(TrendDetector().evaluate(topic, now: topic.count - 1).direction == .falling)
        let signal = TrendDetector().evaluate(topic, intake: intake, now: topic.count - 1)
        #expect(signal.direction == .steady)
        #expect(signal.intakeFell == true)
        #expect(signal.evidence == nil)
    }

    @Test func theRestDippingALittleDoesNotHideAFall() {
        let (topic, intake) = Self.series(restLevel: 0.8)
        #expect(TrendDetector().evaluate(topic, intake: intake, now: topic.count - 1).direction == .falling)
    }

    @Test func risesAreNotWeighedAgainstTheIntake() {
        var (topic, intake) = Self.series(restLevel: 0)
        topic[topic.count - 1] = 60
        intake[intake.count - 1] = 60
        #expect(TrendDetector().evaluate(topic, intake: intake, now: topic.count - 1).direction == .rising)
    }

    @Test func anIntakeOfAnotherLengthIsIgnored() {
        let (topic, intake) = Self.series(restLevel: 0)
        #expect(TrendDetector().evaluate(topic, intake: Array(intake.dropFirst()), now: topic.count - 1).direction == .falling)
    }
}
