import Cluster
import Foundation
import PostgresNIO
import Testing
import YuqingTesting

/// What every cluster session asks of the server, and what a transaction does when the
/// server ends its session.
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

    /// The statement after the server ended the session fails at once, and the transaction
    /// runs again on another session. With postgres-nio's `withTransaction` that statement
    /// was never answered: the CI run of 325f30d hung for 90 minutes on a lease transaction
    /// of a test starved of CPU for 10 s.
    @Test(.timeLimit(.minutes(2)))
    func aTransactionWhoseSessionEndedFailsAtOnceAndRunsAgain() async throws {
        try await ClusterFixture.withDatabase { client in
            let attempts = Tally()
            let value = try await Deadline.within(60) {
                try await ClusterTransaction.run(client, logger: ClusterFixture.logger) { connection -> Int in
                    if attempts.add() == 1 {
                        try await connection.checkedQuery("SET LOCAL idle_in_transaction_session_timeout = '200ms'", logger: ClusterFixture.logger)
                        #expect(try await Harness.waitUntil(seconds: 30) { connection.isClosed }, "the server ends the idle session")
                        do {
                            try await connection.checkedQuery("SELECT 1", logger: ClusterFixture.logger)
                            Issue.record("a statement on an ended session was sent")
                        } catch {
                            #expect(error is ClusterTransaction.SessionEnded, "\(error)")
                            throw error
                        }
                    }
                    for try await value in try await connection.checkedQuery("SELECT 42", logger: ClusterFixture.logger).decode(Int.self) {
                        return value
                    }
                    return 0
                }
            }
            #expect(value == 42)
            #expect(attempts.count == 2, "one attempt on the ended session, one on a new one")
        }
    }
}

/// A count several tasks add to.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds one; returns the new count.
    func add() -> Int { lock.withLock { value += 1; return value } }
    var count: Int { lock.withLock { value } }
}
