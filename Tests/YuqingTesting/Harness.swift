import Foundation

/// Paths and processes the end-to-end tests share: the built `yuqing` binary, the
/// fixtures, the Python loopback servers.
public enum Harness {
    /// `Tests/`.
    public static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    public static let fixtures = testsDirectory.appendingPathComponent("EndToEndTests/Fixtures")
    /// `Tests/Servers`: the Python loopback servers all test targets share.
    public static let serversDirectory = testsDirectory.appendingPathComponent("Servers")

    /// The `yuqing` binary built beside the test bundle (or `$YUQING_BIN`).
    public static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["YUQING_BIN"] { return URL(fileURLWithPath: override) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("yuqing")
    }

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yuqing-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `yuqing` to completion and returns its exit status and standard output.
    public static func runCLI(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await run(binary, arguments, environment: environment)
    }

    /// The same, with standard error in the output too (where errors are said).
    public static func runCLIWithErrors(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await run(binary, arguments, environment: environment, includeErrors: true)
    }

    /// Runs `executable` to completion (`ChildProcess`: off the cooperative pool, killed
    /// after `timeout` seconds) and returns its exit status and standard output.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], includeErrors: Bool = false,
        timeout: Double = 180
    ) async throws -> (status: Int32, output: String) {
        let result = try await ChildProcess.run(executable, arguments, environment: environment, mergeErrors: includeErrors, timeout: timeout)
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    /// The Python that runs the loopback servers: `$YUQING_PYTHON`, else the virtual
    /// environment `make test-deps` makes under `.build/venv`, else `python3` on the PATH.
    public static var python: String {
        if let chosen = ProcessInfo.processInfo.environment["YUQING_PYTHON"] { return chosen }
        let venv = testsDirectory.deletingLastPathComponent().appendingPathComponent(".build/venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Polls `condition` every 200 ms until it holds or `seconds` pass.
    public static func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}

/// A Python server script from `Tests/Servers/`, started on free loopback ports that it writes
/// to `ports.json` in its state directory; killed when the test ends.
public final class PythonServer: @unchecked Sendable {
    public let process = Process()
    public let stateDirectory: URL
    public let ports: [String: Int]

    public init(script: String, directory: URL, arguments: [String] = []) async throws {
        stateDirectory = directory.appendingPathComponent("servers")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let portFile = stateDirectory.appendingPathComponent("ports.json")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Harness.python, Harness.serversDirectory.appendingPathComponent(script).path, "--state-dir", stateDirectory.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var ports: [String: Int] = [:]
        _ = try await Harness.waitUntil(seconds: 20) {
            guard let data = try? Data(contentsOf: portFile), let decoded = try? JSONDecoder().decode([String: Int].self, from: data)
            else { return false }
            ports = decoded
            return true
        }
        guard !ports.isEmpty else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        self.ports = ports
    }

    public func read<T: Decodable>(_ type: T.Type, from file: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: stateDirectory.appendingPathComponent(file)))
    }

    /// SIGKILL, because a child spawned from a test thread may inherit a mask that blocks SIGTERM.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

