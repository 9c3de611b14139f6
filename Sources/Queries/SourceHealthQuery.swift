import Foundation
import Storage

/// Each configured source's health from `<data>/state/sources.json`: what `yuqing sources`,
/// a report's source section and the web view's source page show.
public struct SourceHealthQuery: Sendable {
    /// What the configuration says of a source (the query has no configuration of its own).
    public struct Source: Sendable {
        public var id: String
        public var name: String
        public var url: String
        /// The tier's Chinese label (央媒 …), when known.
        public var tier: String?

        public init(id: String, name: String, url: String, tier: String?) {
            self.id = id
            self.name = name
            self.url = url
            self.tier = tier
        }
    }

    public enum Health: String, Sendable, Encodable {
        case ok, failing, failingLong = "failing-long", new

        /// 正常, 失败, 持续失败, 未抓取.
        public var label: String {
            switch self {
            case .ok: "正常"
            case .failing: "失败"
            case .failingLong: "持续失败"
            case .new: "未抓取"
            }
        }
    }

    public struct Row: Sendable {
        public var source: Source
        public var state: SourceState?
        public var health: Health
        /// In cluster mode, the node whose attempt the state is (nil: this node's).
        public var node: String?

        public init(source: Source, state: SourceState?, health: Health, node: String? = nil) {
            self.source = source
            self.state = state
            self.health = health
            self.node = node
        }
    }

    /// A source's state as another node of the cluster last saw it.
    public struct SharedState: Sendable {
        public var node: String
        public var state: SourceState

        public init(node: String, state: SourceState) {
            self.node = node
            self.state = state
        }
    }

    /// A source failing for longer than this is 持续失败.
    public static let longFailure: TimeInterval = 3600

    public var sources: [Source]

    public init(sources: [Source]) {
        self.sources = sources
    }

    /// The rows from this node's `state/sources.json`; with `shared` (cluster mode: every
    /// node's latest attempts), a source's row is the newer of this node's state and the
    /// cluster's, so the sources other nodes poll show their health too.
    public func run(dataDirectory: String, now: Date, shared: [String: SharedState]? = nil) throws -> [Row] {
        let states = try StateFile<[String: SourceState]>(path: dataDirectory + "/state/sources.json").load() ?? [:]
        return sources.map { source in
            let local = states[source.id]
            if let other = shared?[source.id], let attempted = other.state.lastAttempt,
                local?.lastAttempt.map({ $0 < attempted }) ?? true {
                return Row(source: source, state: other.state, health: Self.health(other.state, now: now), node: other.node)
            }
            return Row(source: source, state: local, health: Self.health(local, now: now))
        }
    }

    public static func health(_ state: SourceState?, now: Date) -> Health {
        guard let state, state.lastAttempt != nil || state.lastSuccess != nil || state.lastError != nil else { return .new }
        guard state.consecutiveFailures > 0 else { return .ok }
        if let since = state.failingSince, now.timeIntervalSince(since) > longFailure { return .failingLong }
        return .failing
    }
}
