import Alerting
import Foundation
import Storage

/// One alert decision as a node hands it to the cluster: the notification as worded, what
/// becomes of it, and when it may go out.
public struct ClusterDecision: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// Delivered through the shared outbox, not before `notBefore`.
        case send
        /// Recorded only: folded into an active trend alert.
        case folded
        /// Recorded only: a silence matched it.
        case silenced
    }

    public var notification: Alerting.Notification
    public var outcome: Outcome
    public var notBefore: Date
    /// Why it was not sent (`inhibited:trend:…` or the silence's id).
    public var mark: String?
    /// Sent by the node itself while PostgreSQL was unreachable (`degraded_alerts: send`):
    /// recorded as delivered, so no node sends it again.
    public var sentLocally: Bool?

    public init(notification: Alerting.Notification, outcome: Outcome, notBefore: Date, mark: String? = nil) {
        self.notification = notification
        self.outcome = outcome
        self.notBefore = notBefore
        self.mark = mark
    }

    /// The item an item rule's notification concerns.
    var itemID: String? { notification.fields["kind"] == nil ? notification.fields["item_id"] : nil }
}

/// What a node writes to the cluster in one transaction: items it stored (in the order it
/// stored them), the decisions made for them and any others (trends, failing sources), and
/// the lease under which each item's source was polled — the fence: an item is written only
/// while its bucket's epoch is still that lease's, so once another node has taken the
/// bucket a paused node's late writes change nothing, while items polled before a lease
/// ran out or was given back (nobody polled the bucket since) are not lost.
public struct ClusterBatch: Sendable, Codable, Equatable {
    public var items: [StoredItem]
    public var decisions: [ClusterDecision]
    /// Source id → the lease its poll ran under.
    public var leases: [String: Lease]

    public init(items: [StoredItem], decisions: [ClusterDecision], leases: [String: Lease]) {
        self.items = items
        self.decisions = decisions
        self.leases = leases
    }

    public var isEmpty: Bool { items.isEmpty && decisions.isEmpty }

    /// Batches written as one: their items and decisions in order, their leases merged.
    public init(merging batches: [ClusterBatch]) {
        items = batches.flatMap(\.items)
        decisions = batches.flatMap(\.decisions)
        leases = batches.reduce(into: [:]) { $0.merge($1.leases) { _, newer in newer } }
    }
}

/// What one write did.
public struct ClusterWriteResult: Sendable, Equatable {
    /// Items inserted now (not those already there: a batch written twice inserts nothing).
    public var inserted: Int = 0
    /// Items left out because their bucket changed hands since they were polled.
    public var fenced: [String] = []
    /// Each item's story in the cluster, by item id (another node's when it opened first).
    public var stories: [String: String] = [:]
    /// Stories this write opened.
    public var opened: [String] = []
    /// Keys of decisions recorded now (not those another node or an earlier write recorded).
    public var decided: [String] = []
    /// Keys put in the shared outbox now.
    public var queued: [String] = []

    public init() {}
}

extension ClusterBatch {
    /// The part of this batch about the items `ids`: those items, the item-rule decisions
    /// concerning them and the leases of their sources.
    public func only(_ ids: Set<String>) -> ClusterBatch {
        let kept = items.filter { ids.contains($0.id) }
        let sources = Set(kept.map(\.source))
        return ClusterBatch(
            items: kept, decisions: decisions.filter { $0.itemID.map(ids.contains) == true },
            leases: leases.filter { sources.contains($0.key) })
    }
}
