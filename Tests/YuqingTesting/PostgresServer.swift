import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL for a test: `initdb` in a temporary directory, `pg_ctl start` on a free
/// loopback port, trust authentication for the user `yuqing`, stopped (`-m immediate`) and
/// removed when released. Debian's server binaries (`postgresql`, installed by
/// `Scripts/setup.sh --test`) are found under `/usr/lib/postgresql/*/bin`, or `$PG_BIN`.
/// PostgreSQL refuses to run as root: as root the data directory is given to the
/// `postgres` user and the server runs as that user (`runuser`).
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let directory: TemporaryDirectory
    public var dsn: String { "postgres://yuqing@127.0.0.1:\(port)/yuqing?sslmode=disable" }
    private let binaries: String
    private var data: String { directory.path + "/data" }

    public init() throws {
        directory = try TemporaryDirectory("postgres")
        binaries = try Self.findBinaries()
        port = try Self.freePort()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        try run("initdb", ["-D", data, "-U", "yuqing", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"])
        let options = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        try run("pg_ctl", ["-D", data, "-o", options, "-l", directory.path + "/server.log", "-w", "-t", "60", "start"])
        try run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "yuqing", "yuqing"])
    }

    /// Stops the server now (`-m immediate`: as if the machine lost it).
    public func stop() {
        try? run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
    }

    /// Starts it again after `stop()`, on the same port and data.
    public func start() throws {
        let options = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        try run("pg_ctl", ["-D", data, "-o", options, "-l", directory.path + "/server.log", "-w", "-t", "60", "start"])
    }

    deinit { stop() }

    /// The server's log, for failure messages.
    public var log: String { (try? String(contentsOfFile: directory.path + "/server.log", encoding: .utf8)) ?? "" }

    /// The rows `sql` returns, one per line, columns separated by `|` (psql's unaligned
    /// tuples-only output).
    public func query(_ sql: String) throws -> [String] {
        try run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "yuqing", "-d", "yuqing", "-AtX", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("could not change directory") }
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        // Through Python's subprocess, which closes every inherited descriptor above 2:
        // Foundation tells that a child ended by a descriptor the child holds, and the
        // server pg_ctl leaves running would hold it for ever.
        let command = (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [binaries + "/" + tool] + arguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"] + command
        // Output to a file, not a pipe: the server pg_ctl starts would inherit the pipe and
        // keep it open, and reading to its end would never return.
        let outputPath = directory.path + "/\(tool).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        // The tools run as `postgres` when the tests run as root: start them where that user
        // may be (psql otherwise prints that it cannot enter the caller's directory).
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure("\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)\n\(log)")
        }
        return text
    }

    private static func findBinaries() throws -> String {
        if let chosen = ProcessInfo.processInfo.environment["PG_BIN"] { return chosen }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw Failure("no PostgreSQL server binaries under \(root) (install Debian's postgresql: bash Scripts/setup.sh --test)")
    }

    /// A loopback port nobody listens on now.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
