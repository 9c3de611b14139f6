import Foundation

extension ConfigReader {
    /// `cluster:` — PostgreSQL for several nodes: the DSN from `dsn_env: NAME` or
    /// `dsn_credential: NAME`, never written in the file; `node` (default: the host name)
    /// and `lease_ttl` (default 30 s).
    func readCluster(_ node: ConfigNode?) -> Config.Cluster? {
        guard let node, let fields = node.mapping(allowed: ["dsn_env", "dsn_credential", "dsn", "node", "lease_ttl"]) else { return nil }
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
        return Config.Cluster(dsn: dsn, dsnOrigin: origin, node: name, leaseTTL: ttl)
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
    }
}
