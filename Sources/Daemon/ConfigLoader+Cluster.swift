import Foundation

extension ConfigReader {
    /// `cluster:` — PostgreSQL for several nodes: the DSN from `dsn_env: NAME` or
    /// `dsn_credential: NAME`, never written in the file; `node` (default: the host name),
    /// `lease_ttl` (default 30 s), `degraded_alerts` (`hold`, the default, or `send`), and
    /// for the CLI's queries a read replica's DSN from `read_dsn_env` or
    /// `read_dsn_credential` (default: the primary).
    func readCluster(_ node: ConfigNode?) -> Config.Cluster? {
        guard let node, let fields = node.mapping(allowed: ["dsn_env", "dsn_credential", "dsn", "read_dsn_env", "read_dsn_credential", "node", "lease_ttl", "degraded_alerts"]) else { return nil }
        if let inline = fields["dsn"] {
            inline.error("a DSN holds a password: give dsn_env or dsn_credential, never the DSN itself")
            return nil
        }
        guard let (dsn, origin) = readSetting(fields, "dsn", node: node, inlineAllowed: false) else {
            node.error("cluster: needs dsn_env or dsn_credential")
            return nil
        }
        let name = fields["node"]?.string() ?? ProcessInfo.processInfo.hostName
        if name.isEmpty || name.count > 64 || name.contains(where: { $0.isWhitespace }) {
            fields["node"]?.error("a node name of 1–64 characters without spaces")
            return nil
        }
        let ttl = fields["lease_ttl"]?.duration(in: 5...600) ?? 30
        var cluster = Config.Cluster(dsn: dsn, dsnOrigin: origin, node: name, leaseTTL: ttl)
        if let (readDSN, _) = readSetting(fields, "read_dsn", node: node, inlineAllowed: false) { cluster.readDSN = readDSN }
        if let mode = fields["degraded_alerts"] {
            switch mode.string() {
            case "hold": cluster.sendWhileDegraded = false
            case "send": cluster.sendWhileDegraded = true
            default:
                mode.error("degraded_alerts: hold (keep alerts until PostgreSQL answers) or send (send them from this node meanwhile)")
                return nil
            }
        }
        return cluster
    }
}

extension Config {
    /// `cluster:`: the PostgreSQL the nodes share. Without it yuqing is one self-contained
    /// daemon, as before.
    public struct Cluster: Sendable, Equatable {
        /// Nil when the named variable or credential is not set here.
        public var dsn: String?
        /// Where the DSN comes from (`dsn_env YUQING_PG_DSN`).
        public var dsnOrigin: String
        public var node: String
        public var leaseTTL: Double
        /// A read replica for the CLI's queries, when given.
        public var readDSN: String?
        /// While PostgreSQL is unreachable: send this node's alerts itself (`degraded_alerts:
        /// send`; another node may then send the same event's alert too) rather than hold
        /// them until the cluster decides (`hold`, the default).
        public var sendWhileDegraded = false

        /// Where the CLI's queries go: the read replica when given, else the primary.
        public var queryDSN: String? { readDSN ?? dsn }
    }
}
