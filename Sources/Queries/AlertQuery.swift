import Alerting
import Foundation

/// Notifications from the outbox files (pending, sent, silenced, dead-lettered), newest
/// first: what `yuqing alerts`, a report's alert section and the web view list.
public struct AlertQuery: Sendable {
    public enum State: String, Sendable, Encodable, CaseIterable {
        case pending, sent, silenced, dead

        /// 待发送, 已发送, 已静默, 已放弃.
        public var label: String {
            switch self {
            case .pending: "待发送"
            case .sent: "已发送"
            case .silenced: "已静默"
            case .dead: "已放弃"
            }
        }
    }

    public struct Row: Sendable {
        public var state: State
        public var notification: Alerting.Notification

        public init(state: State, notification: Alerting.Notification) {
            self.state = state
            self.notification = notification
        }
        /// When it was delivered, or else created.
        public var time: Date { notification.delivered ?? notification.created }
    }

    /// Only notifications created at or after this time (nil: all kept).
    public var since: Date?
    public var until: Date?
    public var state: State?
    public var limit: Int

    public init(since: Date? = nil, until: Date? = nil, state: State? = nil, limit: Int = 50) {
        self.since = since
        self.until = until
        self.state = state
        self.limit = limit
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var pending: Int
        public var sent: Int
        public var dead: Int
    }

    /// From the outbox files; with `since` (a report's span), the delivered and silenced
    /// ones from the alert log, which holds them all (`state/sent.json` only the last 500),
    /// with those of `sent.json` it lacks (recorded before the log began).
    public func run(dataDirectory: String) throws -> Result {
        let stored = try Outbox.stored(dataDirectory: dataDirectory)
        var sent = stored.sent
        if let since, let logged = try AlertLog(dataDirectory: dataDirectory).notifications(since: since, until: until) {
            let known = Set(logged.map(\.id))
            sent = logged + stored.sent.filter { !known.contains($0.id) }
        }
        return select(pending: stored.pending, sent: sent, dead: stored.dead, counts: (stored.pending.count, stored.sent.count, stored.dead.count))
    }

    /// The wanted rows of notifications read from anywhere (a node's outbox files, the
    /// cluster's database); `counts` are the totals shown under the table.
    public func select(
        pending: [Alerting.Notification], sent: [Alerting.Notification], dead: [Alerting.Notification], counts: (Int, Int, Int)
    ) -> Result {
        var rows = pending.map { Row(state: .pending, notification: $0) }
        rows += sent.map { Row(state: $0.silencedBy == nil ? .sent : .silenced, notification: $0) }
        rows += dead.map { Row(state: .dead, notification: $0) }
        let wanted = rows.filter { row in
            (state == nil || row.state == state) && (since.map { row.notification.created >= $0 } ?? true)
                && (until.map { row.notification.created < $0 } ?? true)
        }
        let newest = wanted.sorted { $0.time > $1.time }.prefix(limit)
        return Result(rows: Array(newest), pending: counts.0, sent: counts.1, dead: counts.2)
    }
}
