/// Lets only so many heavy tests (several daemons on a database, a failover formation) run
/// at once. On a two-core machine running every suite in parallel, six of them at once made
/// each five times slower and pushed the database suites past their time limits; in turns,
/// each runs as it would alone. Time limits of gated tests include the wait.
public actor TestGate {
    /// The cluster end-to-end tests' gate: two at a time.
    public static let heavy = TestGate(permits: 2)
    /// The commands tests run to completion (`ChildProcess`): four at a time.
    public static let commands = TestGate(permits: 4)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(permits: Int) {
        free = permits
    }

    /// Waits for a permit.
    public func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives the permit back (to the longest waiting test, if any).
    public func leave() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` holding a permit.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await enter()
        do {
            let result = try await body()
            leave()
            return result
        } catch {
            leave()
            throw error
        }
    }
}
