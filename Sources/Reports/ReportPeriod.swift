import Foundation

/// The span a report covers, the equally long span before it (for 环比), and the bars its
/// charts divide it into: hours up to two days, days up to two months, weeks beyond.
public struct ReportPeriod: Sendable, Equatable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// The span ending at `end`, `seconds` long.
    public init(seconds: TimeInterval, endingAt end: Date) {
        self.init(start: end.addingTimeInterval(-seconds), end: end)
    }

    public var seconds: TimeInterval { end.timeIntervalSince(start) }
    /// The start of the span before, of the same length.
    public var previousStart: Date { start.addingTimeInterval(-seconds) }

    /// One chart bar's width.
    public var barSeconds: TimeInterval {
        seconds <= 2 * 86400 ? 3600 : seconds <= 62 * 86400 ? 86400 : 7 * 86400
    }

    public var barCount: Int { max(1, Int((seconds / barSeconds).rounded(.up))) }

    /// The bar of `date` (negative before the span).
    public func bar(of date: Date) -> Int { Int((date.timeIntervalSince(start) / barSeconds).rounded(.down)) }

    /// 日报 for about a day, 周报 for about a week, 月报 for about a month, else 报告.
    public var kindName: String {
        switch seconds {
        case 20 * 3600...30 * 3600: "日报"
        case 6 * 86400...8 * 86400: "周报"
        case 27 * 86400...32 * 86400: "月报"
        default: "报告"
        }
    }
}
