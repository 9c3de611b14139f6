import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real pg_auto_failover formation for a test: a monitor and two PostgreSQL nodes with
/// streaming replication, each run by its `pg_autoctl` keeper (Debian's
/// `pg-auto-failover-cli` and `postgresql-15-auto-failover`, installed by
/// `Scripts/setup.sh --test`), on loopback ports in a temporary directory. `dsn` names both
/// nodes with `target_session_attrs=read-write`, as `pg_autoctl show uri` does.
/// `killPrimary()` kills the primary's keeper and server at once, as a machine dies.
public final class FailoverFormation: @unchecked Sendable {
    public struct NodeState: Decodable, Sendable {
        public var nodeport: Int
        public var current_group_state: String
        public var assigned_group_state: String
    }

    public let directory: TemporaryDirectory
    public let monitorPort: Int
    public let nodePorts: [Int]
    private let tools: PostgresTools
    /// Each node's keeper process group, by port.
    private var keepers: [Int: Int32] = [:]
    private var monitorKeeper: Int32 = 0
    private let lock = NSLock()
    private var cachedPrimary: Int?

    public var dsn: String {
        "postgres://postgres@\(nodePorts.map { "127.0.0.1:\($0)" }.joined(separator: ","))/postgres?target_session_attrs=read-write&sslmode=disable"
    }

    /// Sets the formation up on a thread of its own: it takes a minute of blocking
    /// processes, which on the cooperative pool (two threads on a two-core machine) would
    /// stall every other test meanwhile.
    public static func start() async throws -> FailoverFormation {
        try await offPool { try FailoverFormation() }
    }

    /// Sets the formation up, blocking the calling thread (see `start()`).
    public init() throws {
        directory = try TemporaryDirectory("failover")
        tools = try PostgresTools(directory: directory.path)
        monitorPort = try PostgresServer.freePort()
        nodePorts = [try PostgresServer.freePort(), try PostgresServer.freePort()]
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        let common = ["--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl"]
        try tools.run("pg_autoctl", ["create", "monitor", "--pgdata", directory.path + "/monitor", "--pgport", String(monitorPort)] + common)
        monitorKeeper = try tools.spawn("pg_autoctl", ["run", "--pgdata", directory.path + "/monitor"], log: "monitor.log")
        let monitor = "postgres://autoctl_node@127.0.0.1:\(monitorPort)/pg_auto_failover?sslmode=disable"
        for (index, port) in nodePorts.enumerated() {
            keepers[port] = try tools.spawn(
                "pg_autoctl",
                ["create", "postgres", "--pgdata", directory.path + "/node\(index)", "--pgport", String(port), "--monitor", monitor, "--run"] + common,
                log: "node\(index).log")
            // Alone the first node is "single"; once the second has caught up, "primary".
            let wanted: Set<String> = index == 0 ? ["single", "primary"] : ["secondary"]
            try waitFor(seconds: 120, "node \(index) \(wanted.sorted())") {
                try self.states().contains { $0.nodeport == port && wanted.contains($0.current_group_state) }
            }
        }
        try waitFor(seconds: 60, "node 0 primary") { try self.states().contains { $0.nodeport == self.nodePorts[0] && $0.current_group_state == "primary" } }
    }

    deinit {
        // Each server's processes, found while their postmaster still lives: each is a
        // process group of its own, so killing the keepers' groups leaves them, and the
        // monitor's logger and health-check worker outlived every test run.
        let names = ["node0", "node1", "monitor"]
        let servers = names.compactMap { Self.serverPID(directory.path + "/" + $0) }
        let children = servers.flatMap(Self.children(of:))
        for group in keepers.values { kill(-group, SIGKILL) }
        kill(-monitorKeeper, SIGKILL)
        for name in names {
            try? tools.run("pg_ctl", ["-D", directory.path + "/" + name, "-m", "immediate", "-w", "stop"])
        }
        for pid in servers + children where Self.isPostgres(pid) { kill(pid, SIGKILL) }
    }

    private static func isPostgres(_ pid: pid_t) -> Bool {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("postgres") == true
    }

    /// The pid of the postmaster running on `dataDirectory` now, if one is: its pid file
    /// names it, and its command line names the directory (a stale file's pid may be another
    /// test's server by now).
    private static func serverPID(_ dataDirectory: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ pid_t($0) }), pid > 0,
            let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return nil }
        return String(decoding: command.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(dataDirectory) ? pid : nil
    }

    /// The processes whose parent is `parent`, from /proc (`pid (comm) state ppid …`).
    private static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent
        }
    }

    /// Each node's state as the monitor has it.
    public func states() throws -> [NodeState] {
        let json = try tools.run("pg_autoctl", ["show", "state", "--pgdata", directory.path + "/monitor", "--json"])
        guard let start = json.firstIndex(of: "[") else { return [] }
        return try JSONDecoder().decode([NodeState].self, from: Data(json[start...].utf8))
    }

    /// The port of the node that takes writes now, nil while none does. A dead primary's
    /// last report stays "primary"; the monitor assigns it "demoted" meanwhile.
    public func primaryPort() throws -> Int? {
        let writable: Set<String> = ["primary", "wait_primary", "single"]
        return try states().first { writable.contains($0.current_group_state) && writable.contains($0.assigned_group_state) }?.nodeport
    }

    /// `primaryPort()` off the cooperative pool.
    public func currentPrimary() async -> Int? {
        ((try? await offPool { try self.primaryPort() }) ?? nil)
    }

    /// Kills the primary's keeper and server with SIGKILL; returns its port.
    @discardableResult
    public func killPrimary() throws -> Int {
        guard let port = try primaryPort(), let group = keepers[port] else { throw PostgresServer.Failure("no primary to kill") }
        kill(-group, SIGKILL)
        keepers[port] = nil
        lock.withLock { cachedPrimary = nil }
        return port
    }

    /// The rows `sql` returns on the node that takes writes now (psql's unaligned output);
    /// the primary is asked of the monitor once, and again after a kill or a failed query.
    public func query(_ sql: String) throws -> [String] {
        let known = lock.withLock { cachedPrimary }
        guard let port = try known ?? primaryPort() else { throw PostgresServer.Failure("no primary") }
        lock.withLock { cachedPrimary = port }
        do {
            return try tools.run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-AtX", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("could not change directory") }
        } catch {
            lock.withLock { cachedPrimary = nil }
            throw error
        }
    }

    /// The monitor's and the nodes' logs, for failure messages.
    public var logs: String {
        ["monitor.log", "node0.log", "node1.log"].map { name in
            "\(name): " + String(((try? String(contentsOfFile: directory.path + "/" + name, encoding: .utf8)) ?? "").suffix(1500))
        }.joined(separator: "\n")
    }

    private func waitFor(seconds: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return }
            usleep(500_000)
        }
        throw PostgresServer.Failure("pg_auto_failover: \(what) not reached within \(Int(seconds)) s\n\(logs)")
    }
}
