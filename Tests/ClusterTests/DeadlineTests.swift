import Cluster
import Foundation
import Testing

/// `Deadline.within` gives up at its deadline even when the work does not heed
/// cancellation (as a query to a server that stopped answering does not).
struct DeadlineTests {
    /// Work that ends only when the test lets it, whatever cancellation says.
    final class Deaf: @unchecked Sendable {
        private let lock = NSLock()
        private var parked: CheckedContinuation<Int, Never>?
        private var released = false

        func work() async -> Int {
            await withCheckedContinuation { continuation in
                let now = lock.withLock {
                    if !released { parked = continuation }
                    return released
                }
                if now { continuation.resume(returning: 1) }
            }
        }

        func release() {
            let waiting = lock.withLock {
                released = true
                defer { parked = nil }
                return parked
            }
            waiting?.resume(returning: 1)
        }
    }

    @Test func theBodysResultWhenItIsInTime() async throws {
        #expect(try await Deadline.within(30) { 42 } == 42)
        await #expect(throws: URLError.self) { try await Deadline.within(30) { throw URLError(.timedOut) } }
    }

    @Test func passedAtTheDeadlineThoughTheWorkIgnoresCancellation() async throws {
        let deaf = Deaf()
        defer { deaf.release() }
        let started = ContinuousClock.now
        await #expect(throws: Deadline.Passed.self) { try await Deadline.within(0.3) { await deaf.work() } }
        #expect(ContinuousClock.now - started < .seconds(30), "it did not wait for the work")
    }

    @Test func theCallersCancellationEndsTheWait() async throws {
        let deaf = Deaf()
        defer { deaf.release() }
        let waiting = Task { try await Deadline.within(3600) { await deaf.work() } }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}
