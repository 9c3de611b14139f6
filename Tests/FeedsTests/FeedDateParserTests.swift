import Foundation
import Testing

@testable import Feeds

struct FeedDateParserTests {
    // 2026-11-26T12:00:00+08:00
    static let now = ISO8601DateFormatter().date(from: "2026-11-26T04:00:00Z")!
    let dates = FeedDateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!, now: now)

    func utc(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    @Test(arguments: [
        ("Thu, 26 Nov 2026 10:05:00 +0800", "2026-11-26T02:05:00Z"),
        ("Thu, 26 Nov 2026 10:05:00 GMT", "2026-11-26T10:05:00Z"),
        ("26 Nov 2026 10:05 +0800", "2026-11-26T02:05:00Z"),
        ("Thursday, 26 November 2026 10:05:00 EST", "2026-11-26T15:05:00Z"),
        ("Thu, 26 Nov 26 10:05:00 +0800", "2026-11-26T02:05:00Z"),
        ("2026-11-26T10:05:00+08:00", "2026-11-26T02:05:00Z"),
        ("2026-11-26T02:05:00Z", "2026-11-26T02:05:00Z"),
        ("2026-11-26T02:05:00.250Z", "2026-11-26T02:05:00Z"),
        ("2026-11-26", "2026-11-25T16:00:00Z"),
        ("2026-11-26 10:05", "2026-11-26T02:05:00Z"),
        ("2026/11/26 10:05:30", "2026-11-26T02:05:30Z"),
        ("2026年11月26日 10:05", "2026-11-26T02:05:00Z"),
        ("2026年11月26日", "2026-11-25T16:00:00Z"),
        ("11-26 10:05", "2026-11-26T02:05:00Z"),
        ("昨天 10:05", "2026-11-25T02:05:00Z"),
        ("前天", "2026-11-23T16:00:00Z"),
    ])
    func absoluteForms(text: String, expected: String) {
        let parsed = dates.parse(text)
        #expect(parsed.map { Int($0.timeIntervalSince1970) } == utc(expected).map { Int($0.timeIntervalSince1970) }, "\(text)")
    }

    /// Found by the fuzzer (2026-11-27): numbers too large for the arithmetic trapped.
    @Test func hostileNumbersAreNoDateNotACrash() {
        let parser = FeedDateParser(now: Date())
        for text in [
            "20260000001032", "99999999999-11-26", "26 Nov 99999999999999 10:00", "1e308天前", "99999999999999999小时前", "-5分钟前",
        ] {
            #expect(parser.parse(text) == nil, "\(text)")
        }
        #expect(parser.parse("Thu, 26 Nov 2026 10:00:00 +0800") != nil)
        // A zone that is no zone is ignored: the date reads in the source's zone.
        #expect(parser.parse("Thu, 26 Nov 2026 10:00:00 +999999999999999999") == parser.parse("Thu, 26 Nov 2026 10:00:00"))
    }

    @Test func relativeForms() {
        #expect(dates.parse("刚刚") == Self.now)
        #expect(dates.parse("5分钟前") == Self.now.addingTimeInterval(-300))
        #expect(dates.parse("3小时前") == Self.now.addingTimeInterval(-3 * 3600))
        #expect(dates.parse("2天前") == Self.now.addingTimeInterval(-2 * 86400))
    }

    @Test func garbageIsNil() {
        #expect(dates.parse("") == nil)
        #expect(dates.parse("不是日期") == nil)
        #expect(dates.parse("2026-13-45") == nil)
    }
}
