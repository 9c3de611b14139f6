import Alerting
import Analysis
import Engine
import Feeds
import Storage
import Foundation

/// The validated configuration of a yuqing instance, as read from `feeds.yml`.
public struct Config: Sendable {
    public struct Source: Sendable {
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
        /// What kind of source it is and how its bodies become feeds (`type:` and the
        /// kind's own keys, read once).
        public var format: any SourceFormat
        /// Extra request headers (`headers:`), checked for CR, LF and NUL when read.
        public var headers: [(name: String, value: String)] = []
        /// A page fetched first for a visitor cookie (`cookie_from:`), sent with every fetch
        /// until the source answers 401, 403 or 412.
        public var cookieFrom: String?
        /// `tier:` as configured (nil: inferred from the host, or unknown).
        public var tier: SourceTier?
        /// `region:`: where a local source is; 我市, 本县, 全省 in its items mean it.
        public var region: Int?

        /// The tier items of this source carry: configured, else inferred from the URL.
        public var effectiveTier: SourceTier? { tier ?? SourceTier.inferred(fromURL: url) }
    }

    public struct Channel: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case webhook, dingtalk, wecom, feishu, slack, email
        }

        /// What an email channel needs besides the SMTP URL (kept in `url`).
        public struct Email: Sendable, Equatable {
            public var from: String
            public var to: [String]
            public var username: String?
            public var password: String?
            /// `password_env NAME` or `password_credential NAME`, never the password.
            public var passwordOrigin: String?
            public var requireTLS: Bool
            public var caFile: String?
            public var insecure: Bool
        }

        /// What the channel is, with what only its kind has: read once, so nothing later
        /// asks which optional field happens to be set.
        public enum Endpoint: Sendable, Equatable {
            /// A generic webhook with its extra request headers.
            case webhook(headers: [String: String])
            case dingtalk, wecom, feishu, slack
            /// SMTP submission (the SMTP URL is in `url`).
            case email(Email)

            public var kind: Kind {
                switch self {
                case .webhook: .webhook
                case .dingtalk: .dingtalk
                case .wecom: .wecom
                case .feishu: .feishu
                case .slack: .slack
                case .email: .email
                }
            }

            /// The endpoint of a kind without settings of its own; nil for webhook and email.
            public init?(plain kind: Kind) {
                switch kind {
                case .dingtalk: self = .dingtalk
                case .wecom: self = .wecom
                case .feishu: self = .feishu
                case .slack: self = .slack
                case .webhook, .email: return nil
                }
            }
        }

        public var name: String
        public var endpoint: Endpoint
        public var kind: Kind { endpoint.kind }
        /// The webhook or robot URL, or the SMTP URL of an email channel; nil when it
        /// comes from an environment variable or credential that is not set.
        public var url: String?
        /// Where the URL came from, for messages (`url_env YUQING_WEBHOOK_URL`), never the URL itself.
        public var urlOrigin: String
        /// The signing secret (webhook, DingTalk, Feishu), from the environment or a credential.
        public var secret: String?
        public var secretOrigin: String?
        /// Messages per minute; nil for the kind's default (DingTalk and WeCom 20).
        public var ratePerMinute: Double?
        /// `quiet_hours: "22:00-07:00"` in the channel's `timezone` (default Asia/Shanghai).
        public var quietHours: QuietHours?
        /// `digest: hourly | daily | daily@HH`: one summary per period.
        public var digest: DigestSchedule?
        public var quietTimeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current

        /// Why the channel cannot send, or nil when it can.
        public var inertReason: String? {
            if url == nil { return "\(urlOrigin) is not set" }
            if secret == nil, let secretOrigin { return "\(secretOrigin) is not set" }
            if case .email(let email) = endpoint, email.password == nil, let origin = email.passwordOrigin { return "\(origin) is not set" }
            return nil
        }
    }

    /// An alert rule of `alerts.rules[]`: what every kind has, and the kind's own typed
    /// rule (read by its `RuleKind`).
    public struct Rule: Sendable {
        public var name: String
        /// `item`, `spread`, `source`, `trend`.
        public var kind: String
        public var channels: [String]
        /// The rule's own wording (`template: {title, text}`), parsed once.
        public var template: MessageTemplate?
        public var rule: any ConfiguredAlertRule
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
    /// Where the Prometheus endpoint listens (`metrics.listen: 127.0.0.1:9464`); nil for none.
    public var metricsAddress: ListenAddress?
    /// The read-only web view beside /metrics (`metrics.web: true`); nil when off.
    public var web: WebView?
    /// `cluster:`; nil for the single-node default.
    public var cluster: Cluster?

    /// `metrics.web`: the pages are served; `password` (from `web_password_env` or
    /// `web_password_credential`) is required unless the address is loopback.
    public struct WebView: Sendable, Equatable {
        public var password: String?
        /// Where the password was to come from (`web_password_env NAME`), when named.
        public var passwordOrigin: String?

        /// Why the daemon will not serve the pages: a password was named but is not set
        /// here (commands other than `run` do not need it); nil when it will.
        public var inertReason: String? {
            guard let passwordOrigin, password == nil else { return nil }
            return "\(passwordOrigin) is not set"
        }
    }

    public struct ListenAddress: Sendable, Equatable {
        public var host: String
        public var port: Int
    }

    /// Fold traditional Chinese to simplified before matching (`analysis.fold_traditional`).
    public var foldTraditional: Bool = true
    /// The sentiment lexicon and home region (`analysis.home_region`, `analysis.sentiment_terms`).
    public var judgement = JudgementSettings()
    public var rules: [Rule]
    public var channels: [Channel]
    /// A segment is closed when it reaches this size (`storage.segment_size`).
    public var segmentBytes: Int = 64 << 20
    /// Closed segments are gzip-compressed (`storage.compress`).
    public var compress: Bool = true
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

extension Config.Channel: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names where the URL, secret and password come from, never their values.
    public var description: String {
        var parts = ["\(name) (\(kind.rawValue)", "url from \(urlOrigin)"]
        if let secretOrigin { parts.append("secret from \(secretOrigin)") }
        if case .email(let email) = endpoint, let origin = email.passwordOrigin { parts.append("password from \(origin)") }
        return parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["channel": description]) }
}
