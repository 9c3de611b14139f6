import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Which of a DSN's servers to use: with one server, that one; with several, the first that
/// answers — and, under `target_session_attrs=read-write`, the first that takes writes (a
/// standby answers `transaction_read_only = on`), as libpq chooses. After a failover the
/// promoted standby is found the next time a node looks.
public enum PrimaryFinder {
    public struct NoneFound: Error, CustomStringConvertible {
        public var description: String
    }

    /// The server to use now; throws when none of several will do within `timeout` each.
    public static func find(_ dsn: PostgresDSN, timeout: Double, logger: Logger) async throws -> PostgresDSN.Endpoint {
        guard dsn.endpoints.count > 1 || dsn.wantsWritable else { return dsn.endpoints[0] }
        var reasons: [String] = []
        for endpoint in dsn.endpoints {
            do {
                if try await Deadline.within(timeout, { try await probe(endpoint, dsn: dsn, logger: logger) }) {
                    return endpoint
                }
                reasons.append("\(endpoint): read-only (a standby)")
            } catch let error as PSQLError {
                reasons.append("\(endpoint): \(error.serverInfo?[.message] ?? "\(error.code)")")
            } catch {
                reasons.append("\(endpoint): \(error)")
            }
        }
        throw NoneFound(description: "no server of the DSN will do — " + reasons.joined(separator: "; "))
    }

    /// True when `endpoint` answers and takes writes (or writes are not asked for).
    private static func probe(_ endpoint: PostgresDSN.Endpoint, dsn: PostgresDSN, logger: Logger) async throws -> Bool {
        let configuration = try dsn.connectionConfiguration(endpoint)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        guard dsn.wantsWritable else { return true }
        let rows = try await connection.checkedQuery("SHOW transaction_read_only", logger: logger)
        for value in try rows.decode(String.self) { return value == "off" }
        return false
    }
}
