import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs PostgreSQL's command-line tools for the test servers: Debian's server binaries
/// (under `/usr/lib/postgresql/*/bin`, or `$PG_BIN`) first on the PATH, as the `postgres`
/// user when the tests run as root (PostgreSQL refuses root), started in `directory`, where
/// that user may be, with pg_autoctl's configuration kept there too.
struct PostgresTools: Sendable {
    let directory: String
    let binaries: String

    init(directory: String) throws {
        self.directory = directory
        binaries = try Self.findBinaries()
    }

    /// Runs `tool` to its end; its output, or an error with the output when it fails.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], context: @autoclosure () -> String = "") throws -> String {
        // Through Python's subprocess, which closes every inherited descriptor above 2:
        // Foundation tells that a child ended by a descriptor the child holds, and the
        // server pg_ctl leaves running would hold it for ever.
        let outputPath = directory + "/\(tool).out"
        let status = try python(Self.cleanSignals + "sys.exit(subprocess.call(sys.argv[1:]))", command(tool, arguments), output: outputPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw PostgresServer.Failure("\(tool) \(arguments.joined(separator: " ")) failed (\(status)): \(text)\n\(context())")
        }
        return text
    }

    /// Starts `tool` in a process group of its own, its output to `log` in the directory;
    /// returns the group's id (to kill the tool and all it started at once).
    func spawn(_ tool: String, _ arguments: [String], log: String) throws -> Int32 {
        let pidPath = directory + "/\(log).pid"
        let script = Self.cleanSignals + """
            log = open(sys.argv[1], "ab")
            child = subprocess.Popen(sys.argv[3:], stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
            open(sys.argv[2], "w").write(str(child.pid))
            """
        let status = try python(script, [directory + "/" + log, pidPath] + command(tool, arguments), output: directory + "/spawn.out")
        guard status == 0, let text = try? String(contentsOfFile: pidPath, encoding: .utf8), let pid = Int32(text) else {
            throw PostgresServer.Failure("cannot start \(tool) (\(status))")
        }
        return pid
    }

    /// The test process blocks signals its children inherit through exec; pg_autoctl then
    /// never sees the SIGINT and SIGTERM its services stop by. Unblocked, and set back to
    /// their defaults, before any tool starts.
    private static let cleanSignals = """
        import signal, subprocess, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(number, signal.SIG_DFL)

        """

    private func command(_ tool: String, _ arguments: [String]) -> [String] {
        let environment = [
            "PATH=\(binaries):/usr/bin:/bin", "XDG_CONFIG_HOME=\(directory)/config", "XDG_DATA_HOME=\(directory)/share",
        ]
        return (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + ["/usr/bin/env"] + environment + [tool] + arguments
    }

    private func python(_ script: String, _ arguments: [String], output outputPath: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        // Output to a file, not a pipe: a server the tool starts would inherit the pipe and
        // keep it open, and reading to its end would never return.
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    private static func findBinaries() throws -> String {
        if let chosen = ProcessInfo.processInfo.environment["PG_BIN"] { return chosen }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw PostgresServer.Failure("no PostgreSQL server binaries under \(root) (install Debian's postgresql: bash Scripts/setup.sh --test)")
    }
}
