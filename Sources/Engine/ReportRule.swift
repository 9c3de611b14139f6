import Foundation
import Reports

/// `kind: report`: a report of the last `span` at each time `schedule` names, written as
/// HTML and Word and sent to `channels` (mail gets both, robots a summary).
public struct ReportRule: Sendable, ConfiguredAlertRule {
    public var name: String
    public var schedule: ReportSchedule
    public var span: TimeInterval
    /// Only these topics (a 专报); empty for all.
    public var topics: [String]
    public var channels: [String]

    public init(name: String, schedule: ReportSchedule, span: TimeInterval, topics: [String], channels: [String]) {
        self.name = name
        self.schedule = schedule
        self.span = span
        self.topics = topics
        self.channels = channels
    }

    public static var list: WritableKeyPath<AlertRules, [ReportRule]> { \.reports }
}

/// A report that is due: its rule and the period it covers (ending at the scheduled
/// time, whenever the tick that noticed it came).
public struct ReportDue: Sendable, Equatable {
    public var rule: String
    public var period: ReportPeriod
}

/// When each report rule last came due. The first look at a rule only notes the latest
/// scheduled time (a daemon started at 08:30 does not send the 08:00 report); after that,
/// each tick past the next scheduled time makes the report due once — after a stop
/// spanning several, only the latest. A failed report is tried again five minutes later.
public struct ReportScheduler: Sendable {
    public private(set) var lastDue: [String: Date] = [:]
    private var retryAt: [String: Date] = [:]

    public init(lastDue: [String: Date] = [:]) {
        self.lastDue = lastDue
    }

    public mutating func due(_ rules: [ReportRule], at now: Date) -> [ReportDue] {
        var due: [ReportDue] = []
        for rule in rules {
            let latest = rule.schedule.latest(atOrBefore: now)
            guard let last = lastDue[rule.name] else {
                lastDue[rule.name] = latest
                continue
            }
            guard latest > last, retryAt[rule.name].map({ now >= $0 }) ?? true else { continue }
            lastDue[rule.name] = latest
            retryAt[rule.name] = nil
            due.append(ReportDue(rule: rule.name, period: ReportPeriod(seconds: rule.span, endingAt: latest)))
        }
        return due
    }

    /// The report could not be written: due again five minutes from `now`.
    public mutating func failed(_ report: ReportDue, previous: Date, at now: Date) {
        lastDue[report.rule] = previous
        retryAt[report.rule] = now.addingTimeInterval(300)
    }
}
