import Cluster
import PostgresNIO
import Testing

/// What every cluster session asks of the server.
struct SessionSettingsTests {
    /// A node that stalls inside a transaction must not hold its row locks for longer than
    /// the server's idle-in-transaction timeout (CI on 09c3916: a paused node's open
    /// transaction kept the other node's writes to the same stories waiting until it woke).
    @Test func aStalledTransactionIsEndedByTheServer() async throws {
        try await ClusterFixture.withDatabase { client in
            let timeout = try await ClusterFixture.scalar(client, "SHOW idle_in_transaction_session_timeout", as: String.self)
            #expect(timeout == "10s")
        }
    }
}
