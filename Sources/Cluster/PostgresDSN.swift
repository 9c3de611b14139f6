import Foundation
import PostgresNIO

/// A PostgreSQL connection string, `postgres://user:password@host:port/database?sslmode=…`
/// (as libpq writes it), read into postgres-nio's configuration. The DSN comes from the
/// environment or a systemd credential, never from the config file; errors name the part
/// that is wrong and never echo the password.
public struct PostgresDSN: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// `disable`, `prefer` or `require` (the default, as libpq's `prefer` would silently
    /// send a password in clear to a server without TLS).
    public var sslMode: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw Invalid(description: "the DSN is not a postgres:// URL")
        }
        guard let host = components.host, !host.isEmpty else { throw Invalid(description: "the DSN names no host") }
        guard let user = components.user, !user.isEmpty else { throw Invalid(description: "the DSN names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw Invalid(description: "the DSN names no database") }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "require"
        guard ["disable", "prefer", "require", "verify-full"].contains(mode) else {
            throw Invalid(description: "sslmode=\(mode) is not one of disable, prefer, require, verify-full")
        }
        sslMode = mode
    }

    /// The DSN without its password, for logs and `yuqing cluster status`.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode)" }

    public var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
