import Alerting
import Foundation

/// Which sources are failing, since when, and whether their failure was announced: the
/// state of `source` rules. Restored at start-up from the persisted source state, so an
/// announced failure is not announced again after a restart.
struct SourceHealthTracker: Sendable {
    struct Failure: Sendable, Equatable {
        var name: String
        var since: Date
        var error: String?
        var announced: Bool
    }

    private(set) var failing: [String: Failure] = [:]

    mutating func restore(source: String, name: String, since: Date, error: String?, announced: Bool) {
        failing[source] = Failure(name: name, since: since, error: error, announced: announced)
    }

    /// Records a failed poll; returns the notices of rules whose `failing_for` has now passed.
    mutating func failed(source: String, name: String, error: String, now: Date, rules: [SourceAlertRule]) -> [Alerting.Notification] {
        var failure = failing[source] ?? Failure(name: name, since: now, error: error, announced: false)
        failure.error = error
        failure.name = name
        failing[source] = failure
        return due(source: source, now: now, rules: rules)
    }

    /// Records a successful poll; returns the recovery notices when the failure was announced.
    mutating func recovered(source: String, now: Date, rules: [SourceAlertRule]) -> [Alerting.Notification] {
        guard let failure = failing.removeValue(forKey: source), failure.announced else { return [] }
        return rules.filter { $0.applies(to: source) }.flatMap {
            $0.notifications(source: source, name: failure.name, since: failure.since, error: nil, recovered: true, now: now)
        }
    }

    /// The failing notices that are due at `now` for every failing source (a failure is
    /// announced when its time has come, not only when the next poll fails).
    mutating func due(now: Date, rules: [SourceAlertRule]) -> [Alerting.Notification] {
        failing.keys.sorted().flatMap { due(source: $0, now: now, rules: rules) }
    }

    private mutating func due(source: String, now: Date, rules: [SourceAlertRule]) -> [Alerting.Notification] {
        guard var failure = failing[source], !failure.announced else { return [] }
        let notices = rules.filter { $0.applies(to: source) && now.timeIntervalSince(failure.since) >= $0.failingFor }.flatMap {
            $0.notifications(source: source, name: failure.name, since: failure.since, error: failure.error, recovered: false, now: now)
        }
        guard !notices.isEmpty else { return [] }
        failure.announced = true
        failing[source] = failure
        return notices
    }

    func isAnnounced(_ source: String) -> Bool { failing[source]?.announced ?? false }
}
