import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL for a test: `initdb` in a temporary directory, `pg_ctl start` on a free
/// loopback port, trust authentication for the user `yuqing`, stopped (`-m immediate`) and
/// removed when released. Debian's server binaries (`postgresql`, installed by
/// `Scripts/setup.sh --test`) run through `PostgresTools` (as `postgres` when root).
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let directory: TemporaryDirectory
    public var dsn: String { "postgres://yuqing@127.0.0.1:\(port)/yuqing?sslmode=disable" }
    private let tools: PostgresTools
    private var data: String { directory.path + "/data" }

    public init() throws {
        directory = try TemporaryDirectory("postgres")
        tools = try PostgresTools(directory: directory.path)
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
        try tools.run(tool, arguments, context: log)
    }

    /// A loopback port nobody listens on now.
    public static func freePort() throws -> Int {
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

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
