import Foundation

/// Runs blocking work (starting a database server, waiting for a process) on a thread of
/// its own and awaits it: the cooperative pool has as many threads as cores (two here) and
/// does not grow when they block, so a minute of blocking there stalls every other test —
/// long enough for their time limits to cancel them mid-way.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}
