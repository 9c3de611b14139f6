import Engine
import Foundation
import Reports

/// `kind: report` (定时报告): `schedule: daily@08` or `weekly@mon08` (in `timezone`,
/// default Asia/Shanghai), covering `since` (default a day or a week), for `topics`
/// (a 专报) or all. Mail channels get the HTML report in the body and the .docx attached;
/// robots get a summary.
struct ReportRuleKind: RuleKind {
    let kind = "report"
    let keys: Set<String> = ["schedule", "since", "topics", "timezone"]

    func read(_ base: RuleBase) -> any ConfiguredAlertRule {
        var zone = Config.displayZone
        if let node = base.fields["timezone"], let name = node.string() {
            if let named = TimeZone(identifier: name) { zone = named } else { node.error("unknown time zone \"\(name)\"") }
        }
        var schedule = ReportSchedule(weekday: nil, hour: 8, minute: 0, zone: zone)
        if let node = base.fields["schedule"] {
            if let text = node.string(), let parsed = ReportSchedule(text, zone: zone) {
                schedule = parsed
            } else {
                node.error("expected daily@HH, daily@HH:MM, weekly@monHH or weekly@monHH:MM (mon … sun)")
            }
        }
        let span = base.fields["since"]?.duration(in: 3600...(92 * 86400)) ?? schedule.defaultSpan
        return ReportRule(name: base.name, schedule: schedule, span: span, topics: base.topics, channels: base.channels)
    }
}
