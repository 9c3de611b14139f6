import Cluster
import Foundation
import PostgresNIO
import Testing
import YuqingTesting

/// The web view's shared client: one connection for many requests, a new one after the
/// server ends it, the same one after a statement's own error.
@Suite(.timeLimit(.minutes(15)))
struct SharedClusterClientTests {
    private func backend(_ shared: SharedClusterClient, timeout: Duration = .seconds(60)) async throws -> Int32? {
        try await shared.withClient(timeout: timeout) { client in
            for try await pid in try await client.query("SELECT pg_backend_pid()", logger: ClusterFixture.logger).decode(Int32.self) {
                return pid
            }
            return nil
        }
    }

    @Test func requestsShareAConnectionAndOneEndedByTheServerIsReplaced() async throws {
        let server = try await offPool { try PostgresServer() }
        let shared = try SharedClusterClient(dsn: server.dsn, logger: ClusterFixture.logger)
        let first = try #require(try await backend(shared))
        #expect(try await backend(shared) == first, "the second request uses the first one's connection")

        // A statement's own error leaves the client as it is.
        await #expect(throws: ClusterDatabase.Unreachable.self) {
            try await shared.withClient(timeout: .seconds(60)) { client in try await client.query("SELECT no_such_function()", logger: ClusterFixture.logger) }
        }
        #expect(try await backend(shared) == first)

        // The server ends that session: at most one request fails, then a new connection answers.
        _ = try await offPool { try server.query("SELECT pg_terminate_backend(\(first))") }
        var answered: Int32?
        for _ in 0..<2 where answered == nil { answered = try? await backend(shared) }
        #expect(answered != nil && answered != first, "a new connection after the old one was ended: \(String(describing: answered))")
        // Shut down (as the daemon does when it stops), its connection is gone from the server.
        await shared.shutdown()
        let pid = try #require(answered)
        let closed = try await Harness.waitUntil(seconds: 30) {
            try await offPool { try server.query("SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid)") } == ["0"]
        }
        #expect(closed, "backend \(pid) still connected after shutdown")
        withExtendedLifetime(server) {}
    }

    @Test func aServerThatIsNotThereIsSaidInOneLine() async throws {
        let port = try PostgresServer.freePort()
        let shared = try SharedClusterClient(dsn: "postgres://yuqing@127.0.0.1:\(port)/yuqing?sslmode=disable", logger: ClusterFixture.logger)
        do {
            _ = try await backend(shared, timeout: .seconds(3))
            Issue.record("a query to a closed port answered")
        } catch let error as ClusterDatabase.Unreachable {
            #expect(error.description.contains("127.0.0.1:\(port)"), "\(error)")
        }
    }
}
