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

        public init(source: Source, state: SourceState?, health: Health) {
            self.source = source
            self.state = state
            self.health = health
        }
    }

    /// A source failing for longer than this is 持续失败.
    public static let longFailure: TimeInterval = 3600

    public var sources: [Source]

    public init(sources: [Source]) {
        self.sources = sources
    }

    public func run(dataDirectory: String, now: Date) throws -> [Row] {
        let states = try StateFile<[String: SourceState]>(path: dataDirectory + "/state/sources.json").load() ?? [:]
        return sources.map { Row(source: $0, state: states[$0.id], health: Self.health(states[$0.id], now: now)) }
    }

    public static func health(_ state: SourceState?, now: Date) -> Health {
        guard let state, state.lastAttempt != nil || state.lastSuccess != nil || state.lastError != nil else { return .new }
        guard state.consecutiveFailures > 0 else { return .ok }
        if let since = state.failingSince, now.timeIntervalSince(since) > longFailure { return .failingLong }
        return .failing
    }
}
