import Foundation
import Testing

@testable import Alerting
@testable import Analysis

/// A trend rule judges the window the detector decided on, not always the last 15 minutes.
struct TrendAlertRuleTests {
    @Test func aLongShallowDropAlertsOnItsOwnEvidence() throws {
        // Two hours at less than half the normal rate after five ordinary days: the
        // detector calls it falling on the two hours, though 15 minutes alone are not enough.
        var counts = (0..<(5 * TrendDetector.bucketsPerDay)).map { $0 % 3 == 0 ? 7 : 6 }
        let start = counts.count - 2 * TrendDetector.bucketsPerHour
        for bucket in start..<counts.count { counts[bucket] = 3 }
        let signal = TrendDetector().evaluate(counts, now: counts.count - 1)
        #expect(signal.direction == .falling)
        let evidence = try #require(signal.evidence)
        #expect(abs(signal.score) < 3, "15 minutes: \(signal.score)")
        #expect(evidence.minutes >= 100 && evidence.score <= -3, "\(evidence)")

        let rule = TrendAlertRule(name: "下降", directions: [.falling], channels: ["hook"])
        #expect(rule.holds(signal))
        let message = try #require(rule.notifications(
            topic: "交通出行", signal: signal, sparkline: "▇▇▁", recent: [], episode: Date(), sequence: 0, now: Date()).first)
        #expect(message.text.contains("近\(TrendSignal.chineseDuration(minutes: evidence.minutes))"), "\(message.text)")
        #expect(message.fields["minutes"] == String(evidence.minutes))
    }

    @Test func durationsReadAsChinese() {
        #expect(TrendSignal.chineseDuration(minutes: 15) == "15分钟")
        #expect(TrendSignal.chineseDuration(minutes: 120) == "2小时")
        #expect(TrendSignal.chineseDuration(minutes: 95) == "1小时35分钟")
    }
}
