import Foundation

/// Work against PostgreSQL that must not wait for ever: postgres-nio waits for a connection
/// as long as the server stays away, and a query in flight does not heed cancellation, so
/// every cluster call goes through `within`.
public enum Deadline {
    public struct Passed: Error, CustomStringConvertible {
        public var seconds: Double
        public var description: String { "no answer within \(seconds.formatted()) s" }
    }

    /// `body`'s result, or `Passed` after `seconds`, whichever comes first.
    ///
    /// At the deadline `body` is cancelled and left to end on its own: this returns without
    /// waiting for it. (A task group would wait for its child, and a body that does not heed
    /// cancellation, such as a query to a server that stopped answering, then held a node
    /// for ever: it never saw the database come back and did not stop on SIGTERM.)
    public static func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = DeadlineRace<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.deliver(to: continuation)
                let work = Task { race.finish(await Result(awaiting: body)) }
                let timer = Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    race.finish(.failure(Passed(seconds: seconds)))
                }
                race.whenFinished { work.cancel(); timer.cancel() }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The first of the body's result, the deadline and the caller's cancellation, delivered
/// once; what comes later is dropped.
private final class DeadlineRace<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var result: Result<T, any Error>?
    private var cleanup: (@Sendable () -> Void)?

    /// Where the outcome goes (at once, if it is already known).
    func deliver(to continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = lock.withLock {
            if result == nil { self.continuation = continuation }
            return result
        }
        if let early { continuation.resume(with: early) }
    }

    func finish(_ outcome: Result<T, any Error>) {
        let (waiting, cleanup): (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) = lock.withLock {
            guard result == nil else { return (nil, nil) }
            result = outcome
            defer { (continuation, self.cleanup) = (nil, nil) }
            return (continuation, self.cleanup)
        }
        waiting?.resume(with: outcome)
        cleanup?()
    }

    /// Runs `cleanup` once the race is decided (now, if it already is).
    func whenFinished(_ cleanup: @escaping @Sendable () -> Void) {
        let decided: Bool = lock.withLock {
            if result == nil { self.cleanup = cleanup }
            return result != nil
        }
        if decided { cleanup() }
    }
}

extension Result where Failure == any Error {
    /// The result of async `body`.
    fileprivate init(awaiting body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
