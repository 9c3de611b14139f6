import Foundation

/// Where the daemon, its channels (signature timestamps) and the web view read the time:
/// the system clock in service, a `ManualClock` in tests. The engine, rules, storage and
/// queries take time as a value.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's clock.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }
}

/// A clock that moves only when told to (tests, simulations).
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) {
        current = start
    }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock to `date` (never backwards).
    public func set(_ date: Date) {
        lock.lock()
        defer { lock.unlock() }
        current = max(current, date)
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(seconds)
    }
}
