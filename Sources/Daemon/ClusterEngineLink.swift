import Alerting
import Foundation
import Storage

/// What a node's cluster loops need of its pipeline: the channels to deliver through, and
/// where the cluster's shared state goes into the engine — the new-story counts the trend
/// rules judge and the sources the spread rules count — and the health of the sources it
/// polled, which every node shows.
public struct ClusterEngineLink: Sendable {
    /// The channels as configured now.
    public var channels: @Sendable () async -> [String: any Alerting.Channel]
    /// The cluster's new-story counts per topic and 5-minute bucket, from bucket `first` on.
    public var adoptCounts: @Sendable (_ counts: [String: [Int: Int]], _ first: Int) async -> Void
    /// The node's stories a spread rule could still fire on, and since when sources count;
    /// nil without spread rules.
    public var spreadCandidates: @Sendable () async -> (stories: [String], since: Date)?
    /// Every node's sources of those stories (story → source → first seen).
    public var adoptSpread: @Sendable (_ sources: [String: [String: Date]]) async -> Void
    /// The health of the sources this node attempted since what the cluster was told
    /// (`pushed`: source → last attempt pushed), for `ClusterSourceHealth`.
    public var sourceHealth: @Sendable (_ pushed: [String: Date]) async -> [String: SourceState]

    public init(
        channels: @escaping @Sendable () async -> [String: any Alerting.Channel],
        adoptCounts: @escaping @Sendable ([String: [Int: Int]], Int) async -> Void,
        spreadCandidates: @escaping @Sendable () async -> (stories: [String], since: Date)? = { nil },
        adoptSpread: @escaping @Sendable ([String: [String: Date]]) async -> Void = { _ in },
        sourceHealth: @escaping @Sendable ([String: Date]) async -> [String: SourceState] = { _ in [:] }
    ) {
        self.channels = channels
        self.adoptCounts = adoptCounts
        self.spreadCandidates = spreadCandidates
        self.adoptSpread = adoptSpread
        self.sourceHealth = sourceHealth
    }
}
