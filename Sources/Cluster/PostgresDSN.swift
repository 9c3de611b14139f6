import Foundation
import PostgresNIO

/// A PostgreSQL connection string, `postgres://user:password@host:port/database?sslmode=…`
/// (as libpq writes it), read into postgres-nio's configuration. Several hosts may be named,
/// `host1:5432,host2:5433`, with `target_session_attrs=read-write` (as `pg_autoctl show uri`
/// prints for a pg_auto_failover formation): the node then uses the first that takes writes
/// (`PrimaryFinder`). The DSN comes from the environment or a systemd credential, never
/// from the config file; errors name the part that is wrong and never echo the password.
public struct PostgresDSN: Sendable, Equatable {
    /// One server of the DSN.
    public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public var endpoints: [Endpoint]
    public var user: String
    public var password: String?
    public var database: String
    /// `disable`, `prefer` or `require` (the default, as libpq's `prefer` would silently
    /// send a password in clear to a server without TLS).
    public var sslMode: String
    /// `any` (the default) or `read-write`/`primary`: only a server that takes writes will do.
    public var targetSessionAttrs: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The first server named.
    public var host: String { endpoints[0].host }
    public var port: Int { endpoints[0].port }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // URLComponents reads one host only: the host list is taken out and read apart.
        guard let schemeEnd = trimmed.range(of: "://"), ["postgres", "postgresql"].contains(String(trimmed[..<schemeEnd.lowerBound])) else {
            throw Invalid(description: "the DSN is not a postgres:// URL")
        }
        let rest = trimmed[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let at = authority.lastIndex(of: "@")
        let hostList = at.map { authority[authority.index(after: $0)...] } ?? authority
        let userInfo = at.map { String(authority[..<$0]) + "@" } ?? ""
        let hostTexts = hostList.split(separator: ",", omittingEmptySubsequences: false)
        guard let components = URLComponents(string: "postgres://" + userInfo + "placeholder" + rest[authorityEnd...]) else {
            throw Invalid(description: "the DSN is not a postgres:// URL")
        }
        endpoints = try hostTexts.map { try Self.endpoint(String($0)) }
        guard let user = components.user, !user.isEmpty else { throw Invalid(description: "the DSN names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw Invalid(description: "the DSN names no database") }
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "require"
        guard ["disable", "prefer", "require", "verify-full"].contains(mode) else {
            throw Invalid(description: "sslmode=\(mode) is not one of disable, prefer, require, verify-full")
        }
        sslMode = mode
        let attributes = components.queryItems?.first { $0.name == "target_session_attrs" }?.value ?? "any"
        guard ["any", "read-write", "primary"].contains(attributes) else {
            throw Invalid(description: "target_session_attrs=\(attributes) is not one of any, read-write, primary")
        }
        targetSessionAttrs = attributes
    }

    private static func endpoint(_ text: String) throws -> Endpoint {
        var host = text, port = 5432
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else { throw Invalid(description: "the DSN's port in \(text) is not a port") }
                port = number
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let number = Int(text[text.index(after: colon)...]), (1...65535).contains(number) else {
                throw Invalid(description: "the DSN's port in \(text) is not a port")
            }
            port = number
        }
        guard !host.isEmpty else { throw Invalid(description: "the DSN names no host") }
        return Endpoint(host: host.removingPercentEncoding ?? host, port: port)
    }

    /// Whether only a server that takes writes will do.
    public var wantsWritable: Bool { targetSessionAttrs != "any" }

    /// The DSN without its password, for logs and `yuqing cluster status`.
    public var redacted: String {
        "postgres://\(user)@\(endpoints.map(\.description).joined(separator: ","))/\(database)?sslmode=\(sslMode)"
            + (wantsWritable ? "&target_session_attrs=\(targetSessionAttrs)" : "")
    }

    /// What `sslMode` asks of TLS, for a pool and for a single connection alike.
    enum TLSUse {
        case disable, prefer, require
    }

    var tlsUse: TLSUse {
        switch sslMode {
        case "disable": .disable
        case "prefer": .prefer
        default: .require  // require and verify-full: the certificate is verified either way
        }
    }

    /// How long a connection may take to be made, in seconds.
    static let connectSeconds = 5

    /// Sent with every session. A node that stalls inside a transaction (paused, frozen VM,
    /// a half-open connection) keeps its row locks, and every other node's write to the
    /// same story waits behind them; the server ends such a session after 10 s, so the
    /// locks go and the stalled node's batch stays in its journal to be written or parked.
    static let sessionParameters = [("idle_in_transaction_session_timeout", "10s")]

    /// The pool's configuration for the first server.
    public var configuration: PostgresClient.Configuration { configuration(endpoints[0]) }

    /// The pool's configuration for `endpoint`.
    public func configuration(_ endpoint: Endpoint) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch tlsUse {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: endpoint.host, port: endpoint.port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(Self.connectSeconds)
        configuration.options.additionalStartupParameters = Self.sessionParameters
        return configuration
    }

    /// A single connection's configuration for `endpoint` (probing which server takes writes).
    public func connectionConfiguration(_ endpoint: Endpoint) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch tlsUse {
            case .disable: .disable
            case .prefer: .prefer(try .init(configuration: .makeClientConfiguration()))
            case .require: .require(try .init(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: endpoint.host, port: endpoint.port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(Self.connectSeconds))
        configuration.options.additionalStartupParameters = Self.sessionParameters
        return configuration
    }
}
