/// Which of the cluster's buckets a source belongs to: a fixed hash of its host, so that
/// every source of one site lives in one bucket, polled by one node, and per-host
/// politeness (Retry-After, connection caps) holds across the cluster.
public enum HostBucket {
    /// FNV-1a of the lower-cased host, modulo `count`; stable across versions and machines.
    public static func bucket(ofHost host: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in host.lowercased().utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(max(1, count)))
    }

    /// The bucket of a source URL's host (the whole string when it has none).
    public static func bucket(ofURL url: String, count: Int) -> Int {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let withoutUser = host.split(separator: "@").last ?? host
        let withoutPort = withoutUser.hasPrefix("[") ? withoutUser : (withoutUser.split(separator: ":").first ?? withoutUser)
        return bucket(ofHost: String(withoutPort), count: count)
    }
}
