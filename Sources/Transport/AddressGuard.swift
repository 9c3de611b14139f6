#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether an address a transfer is about to connect to is a public one.
///
/// The check runs on the resolved address, inside libcurl's open-socket callback, so it
/// holds across redirects, numeric tricks (`2130706433`, `0x7f.1`) and DNS rebinding.
public enum AddressGuard {
    /// True when `address` (IPv4, host byte order) is globally routable.
    public static func isPublic(ipv4 address: UInt32) -> Bool {
        let a = address >> 24
        let b = (address >> 16) & 0xFF
        switch a {
        case 0, 10, 127: return false  // "this network", private, loopback
        case 100 where (64...127).contains(b): return false  // CGNAT 100.64/10
        case 169 where b == 254: return false  // link-local
        case 172 where (16...31).contains(b): return false  // private
        case 192 where b == 168: return false  // private
        case 192 where b == 0 && (address >> 8) & 0xFF == 0: return false  // IETF 192.0.0/24
        case 198 where b == 18 || b == 19: return false  // benchmarking 198.18/15
        case 224...255: return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    /// True when the 16 bytes of `address` form a globally routable IPv6 address.
    public static func isPublic(ipv6 address: [UInt8]) -> Bool {
        guard address.count == 16 else { return false }
        let prefix = address[0..<10]
        // ::ffff:a.b.c.d (v4-mapped) and ::a.b.c.d (v4-compatible): judge the IPv4 part.
        if prefix.allSatisfy({ $0 == 0 }) {
            let tail = address[10..<12]
            if tail == [0xFF, 0xFF] || tail == [0, 0] {
                let v4 = address[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                if tail == [0, 0] && v4 <= 1 { return false }  // :: and ::1
                return isPublic(ipv4: v4)
            }
        }
        // 64:ff9b::/96 NAT64 embeds an IPv4 address.
        if address[0..<12] == [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] {
            let v4 = address[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return isPublic(ipv4: v4)
        }
        if address[0] == 0xFF { return false }  // multicast
        if address[0] & 0xFE == 0xFC { return false }  // unique local fc00::/7
        if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return false }  // link-local
        if address[0] == 0xFE && address[1] & 0xC0 == 0xC0 { return false }  // site-local
        if address[0] == 0x20 && address[1] == 0x01 && address[2] == 0x0D && address[3] == 0xB8 {
            return false  // documentation 2001:db8::/32
        }
        return true
    }

    /// Classifies a numeric address string (`203.0.113.5`, `::1`); nil when it is public.
    static func refusal(forNumeric text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return isPublic(ipv4: UInt32(bigEndian: v4.s_addr)) ? nil : text
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            return isPublic(ipv6: bytes) ? nil : text
        }
        return text  // not an address we can judge: refuse
    }

    /// Classifies a socket address; returns nil when it is public, else its text form.
    static func refusal(for address: UnsafePointer<sockaddr>) -> String? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                let host = UInt32(bigEndian: sin.pointee.sin_addr.s_addr)
                if isPublic(ipv4: host) { return nil }
                return "\(host >> 24).\((host >> 16) & 0xFF).\((host >> 8) & 0xFF).\(host & 0xFF)"
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                let bytes = withUnsafeBytes(of: sin6.pointee.sin6_addr) { Array($0) }
                if isPublic(ipv6: bytes) { return nil }
                return stride(from: 0, to: 16, by: 2)
                    .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                    .joined(separator: ":")
            }
        default:
            return "address family \(address.pointee.sa_family)"
        }
    }
}
