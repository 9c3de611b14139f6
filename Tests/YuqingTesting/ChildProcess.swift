import Foundation

/// Runs a command to completion for a test: off the cooperative pool, its output in files,
/// killed after a deadline.
///
/// The wait happens on a thread of its own (`offPool`): a command waited for on the
/// cooperative pool holds one of its two threads, and a dozen tests doing so at once
/// starved every other test past its time limit (a time limit then cancels a test, but
/// nothing can cancel a blocked thread). Output goes to files, not pipes: a process the
/// command leaves behind (Chromium's helpers, a server) would keep a pipe open and reading
/// it to its end would never return. Four commands run at a time (`TestGate.commands`):
/// all the suites' commands at once overloaded two cores so far that daemons other tests
/// watch missed their deadlines. A command still running after `timeout` seconds is
/// killed and reported as `ChildProcess.TimedOut`, so no command holds the test run forever.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        /// Empty when standard error went to `stdout` (`mergeErrors`).
        public var stderr: Data
    }

    /// A command that did not finish within its time and was killed.
    public struct TimedOut: Error, CustomStringConvertible {
        public let command: String
        public let seconds: Double

        public var description: String { "\(command): still running after \(Int(seconds)) s, killed" }
    }

    /// `input` is a file for its standard input.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], input: URL? = nil, mergeErrors: Bool = false,
        timeout: Double = 180
    ) async throws -> Result {
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        return try await TestGate.commands.run { try await offPool {
            let scratch = try TemporaryDirectory("command")
            let outPath = scratch.file("stdout"), errPath = scratch.file("stderr")
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            FileManager.default.createFile(atPath: outPath.path, contents: nil)
            FileManager.default.createFile(atPath: errPath.path, contents: nil)
            let out = try FileHandle(forWritingTo: outPath), err = try FileHandle(forWritingTo: errPath)
            defer {
                try? out.close()
                try? err.close()
            }
            process.standardOutput = out
            process.standardError = mergeErrors ? out : err
            if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
            try process.run()
            let expired = Expiry()
            let watchdog = DispatchWorkItem {
                expired.set()
                kill(process.processIdentifier, SIGKILL)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
            process.waitUntilExit()
            watchdog.cancel()
            if expired.isSet { throw TimedOut(command: command, seconds: timeout) }
            return Result(status: process.terminationStatus, stdout: try Data(contentsOf: outPath), stderr: try Data(contentsOf: errPath))
        } }
    }
}

/// Whether a watchdog fired; set from its thread, read from the waiting one.
private final class Expiry: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false

    func set() { lock.withLock { fired = true } }
    var isSet: Bool { lock.withLock { fired } }
}
