import Cluster
import Foundation
import Testing

/// `Deadline.within` gives up at its deadline even when the work does not heed
/// cancellation (as a query to a server that stopped answering does not).
struct DeadlineTests {
    /// The outcome of `body`, error or value.
    static func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

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

        var isReleased: Bool { lock.withLock { released } }

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

    /// The work ends by itself only after 5 minutes (so that a `within` that waits for it
    /// fails this test instead of holding the run); the deadline is 0.3 s.
    @Test func passedAtTheDeadlineThoughTheWorkIgnoresCancellation() async throws {
        let deaf = Deaf()
        DispatchQueue.global().asyncAfter(deadline: .now() + 300) { deaf.release() }
        defer { deaf.release() }
        let outcome = await Self.outcome { try await Deadline.within(0.3) { await deaf.work() } }
        #expect(throws: Deadline.Passed.self) { try outcome.get() }
        #expect(!deaf.isReleased, "within returned before the work ended")
    }

    @Test func theCallersCancellationEndsTheWait() async throws {
        let deaf = Deaf()
        DispatchQueue.global().asyncAfter(deadline: .now() + 300) { deaf.release() }
        defer { deaf.release() }
        let waiting = Task { try await Deadline.within(3600) { await deaf.work() } }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(!deaf.isReleased, "within returned before the work ended")
    }
}
