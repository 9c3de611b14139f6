/// Work against PostgreSQL that must not wait for ever: postgres-nio waits for a connection
/// as long as the server stays away, so every cluster call goes through `within`.
public enum Deadline {
    public struct Passed: Error, CustomStringConvertible {
        public var seconds: Double
        public var description: String { "no answer within \(seconds.formatted()) s" }
    }

    /// `body`'s result, or `Passed` after `seconds` (the waiting work is cancelled).
    public static func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw Passed(seconds: seconds)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Passed(seconds: seconds) }
            return first
        }
    }
}
