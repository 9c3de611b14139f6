import Alerting
import Engine
import Foundation
import Reports
import Storage

/// Scheduled reports and the outbox's record in a replay: a `kind: report` rule comes due
/// on the simulated clock as in the daemon, its files are written under the replay's
/// `reports/`, and its notifications are decisions like any other; the decided
/// notifications are kept as the outbox keeps them (`state/sent.json`, the alert log), so a
/// report's alert section (and `yuqing alerts` on the replay's directory) shows what the
/// replay decided.
extension ReplayRun {
    /// Builds and records every report due at `now`, the end of a bucket.
    mutating func writeDueReports(at now: Date) throws {
        guard !engine.settings.rules.reports.isEmpty else { return }
        for due in engine.dueReports(at: now) {
            guard let rule = engine.settings.rules.reports.first(where: { $0.name == due.rule }) else { continue }
            // The report's alert section reads the outbox's record: bring it up to now first.
            try saveSent()
            let scheduled = ScheduledReport(rule: rule, due: due, config: config)
            let built: Reports.Report
            do {
                built = try scheduled.write(generated: now)
            } catch {
                throw ReplayError("report \(rule.name) due at \(RecordCoding.timestamp(now)) could not be written to \(scheduled.directory): \(error)")
            }
            record(scheduled.notifications(for: built).map { notification in
                Decision(notification: notification, verdict: .send(notBefore: now, heldBy: nil), time: now)
            })
        }
    }

    /// Keeps decided notifications as the daemon's outbox would after delivering them:
    /// those sent with their delivery time (when they were due to go), the folded and
    /// silenced ones marked as such; the last `Outbox.sentKept`.
    mutating func keep(_ decisions: [Decision]) {
        guard !decisions.isEmpty else { return }
        for decision in decisions {
            var notification = decision.notification
            switch decision.verdict {
            case .send(let notBefore, _): notification.delivered = max(decision.time, notBefore)
            case .folded, .silenced: notification.silencedBy = decision.recordedMark
            }
            recorded.append(notification)
            unlogged.append(notification)
        }
        if recorded.count > 2 * Outbox.sentKept { recorded.removeFirst(recorded.count - Outbox.sentKept) }
    }

    /// Writes `state/sent.json`, the alert log and `state/reports.json`, so that the
    /// replay's directory reads like a daemon's (and a daemon started on it repeats no report).
    mutating func saveState() throws {
        try saveSent()
        guard !engine.settings.rules.reports.isEmpty else { return }
        try ScheduledReport.state(dataDirectory: config.dataDirectory).save(engine.reports.lastDue)
    }

    /// Appends what the alert log lacks and rewrites `state/sent.json`.
    mutating func saveSent() throws {
        guard !unlogged.isEmpty else { return }
        try AlertLog(dataDirectory: config.dataDirectory, durable: false).append(unlogged)
        unlogged = []
        try StateFile<[Alerting.Notification]>(path: config.dataDirectory + "/state/sent.json").save(Array(recorded.suffix(Outbox.sentKept)))
    }
}
