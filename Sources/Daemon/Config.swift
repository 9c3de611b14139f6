import Analysis
import Feeds
import Storage
import Foundation

/// The validated configuration of a yuqing instance, as read from `feeds.yml`.
public struct Config: Sendable, Equatable {
    public struct Source: Sendable, Equatable {
        public var id: String
        public var name: String
        public var url: String
        /// Seconds between polls.
        public var interval: Double
        public var timeout: Double
        public var maxBytes: Int
        public var timeZone: TimeZone
        public var allowPrivateNetworks: Bool
        /// A PEM CA bundle for this source's TLS certificate.
        public var caFile: String?
        /// TLS verification off: an explicit opt-in, warned about on every fetch.
        public var insecure: Bool
        /// nil: the global setting.
        public var proxy: String?
        public var respectCacheHeaders: Bool
        public var maxBackoff: Double
        /// For `type: html` sources: how to read items from the list page.
        public var htmlRules: HTMLListRules?
    }

    public struct Channel: Sendable, Equatable {
        public enum Kind: String, Sendable { case webhook }
        public var name: String
        public var kind: Kind
        /// nil when the URL comes from an environment variable that is not set: the channel is inert.
        public var url: String?
        /// Where the URL came from, for messages (`url_env YUQING_WEBHOOK_URL`), never the URL itself.
        public var urlOrigin: String
    }

    public struct ItemRule: Sendable, Equatable {
        public var name: String
        public var minScore: Int
        public var topics: [String]
        public var sources: [String]
        public var channels: [String]
    }

    public var file: String
    public var dataDirectory: String
    /// `storage.retain` and `storage.max_size`.
    public var retention: SegmentRetention.Limits
    public var userAgent: String?
    public var allowPrivateNetworks: Bool
    /// `network.proxy`: a URL, `none`, or nil for the environment's proxy variables.
    public var proxy: String?
    public var maxConnections: Int
    public var maxConnectionsPerHost: Int
    public var sources: [Source]
    public var topics: [Topic]
    /// Fold traditional Chinese to simplified before matching (`analysis.fold_traditional`).
    public var foldTraditional: Bool = true
    public var itemRules: [ItemRule]
    public var channels: [Channel]
}

/// A problem in a configuration file, located as precisely as the file allows.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The path of the offending value, `sources[3].url`.
    public var path: String
    public var message: String

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// All the problems found in one configuration file.
public struct ConfigErrors: Error, CustomStringConvertible {
    public var errors: [ConfigError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
