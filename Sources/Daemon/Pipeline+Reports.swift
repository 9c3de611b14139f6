import Alerting
import Cluster
import Engine
import Foundation
import Logging
import Reports
import Storage

/// Scheduled reports (`kind: report`): the engine says which came due; the pipeline builds
/// each on `BlockingWork`'s threads, queues its notifications and remembers the run in
/// `<data>/state/reports.json`, so a restart neither repeats nor forgets one.
extension Pipeline {
    var reportState: StateFile<[String: Date]> { ScheduledReport.state(dataDirectory: config.dataDirectory) }

    /// Builds and queues every report that is due; called from `tick`.
    func sendDueReports() async {
        // In a cluster one node sends them (the holder of bucket 0), keyed in the shared outbox.
        if let membership, !(await membership.leadsTrends) { return }
        let now = clock.now()
        let before = engine.reports.lastDue
        let due = engine.dueReports(at: now)
        for report in due {
            guard let rule = engine.settings.rules.reports.first(where: { $0.name == report.rule }) else { continue }
            let scheduled = ScheduledReport(rule: rule, due: report, config: config)
            do {
                let built: Report
                if let dsn = config.cluster?.queryDSN {
                    // Every node's items, from the database; the files are written as on one node.
                    let report = try await ClusterReportSource.build(scheduled.builder, dsn: dsn, generated: now, logger: logger)
                    built = try await BlockingWork.run { try scheduled.writeFiles(report) }
                } else {
                    built = try await BlockingWork.run { try scheduled.write(generated: now) }
                }
                let notifications = scheduled.notifications(for: built)
                if let clusterJournal {
                    let decisions = notifications.map { ClusterDecision(notification: $0, outcome: .send, notBefore: now) }
                    await clusterJournal.append(ClusterBatch(items: [], decisions: decisions, leases: [:]))
                } else {
                    try await outbox.enqueue(notifications)
                }
                logger.notice("report written and queued", metadata: [
                    "rule": "\(rule.name)", "dir": "\(scheduled.directory)", "items": "\(built.overview.items.current)",
                    "channels": "\(rule.channels.joined(separator: ","))",
                ])
            } catch {
                engine.reportFailed(report, previous: before[report.rule] ?? report.period.end, at: now)
                logger.error("report failed; trying again in 5 minutes", metadata: ["rule": "\(rule.name)", "error": "\(error)"])
            }
        }
        guard engine.reports.lastDue != before else { return }
        do {
            try reportState.save(engine.reports.lastDue)
        } catch {
            logger.error("cannot write the report schedule state", metadata: ["error": "\(error)"])
        }
    }
}
