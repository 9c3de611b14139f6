import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Decides once per request which proxy it uses, so that the address guard knows which
/// peer is the proxy: the configured one, or `https_proxy`/`http_proxy`/`all_proxy`
/// (either case) unless the host matches `no_proxy`.
enum ProxyResolver {
    /// The process's proxy variables, read once: reading the whole environment for every
    /// request was a quarter of a fetch cycle's CPU time, and nothing changes it while
    /// yuqing runs.
    static let processVariables: [String: String] = ProcessInfo.processInfo.environment.filter { $0.key.lowercased().hasSuffix("_proxy") }

    static func proxy(for url: String, setting: ProxySetting, environment: [String: String] = processVariables) -> String? {
        switch setting {
        case .none: return nil
        case .url(let proxy): return proxy
        case .environment:
            func variable(_ name: String) -> String? {
                (environment[name] ?? environment[name.uppercased()]).flatMap { $0.isEmpty ? nil : $0 }
            }
            // Parsing the URL (its host through IDNA) is most of the cost: only when a proxy is set.
            guard variable("https_proxy") != nil || environment["http_proxy"].map({ !$0.isEmpty }) == true || variable("all_proxy") != nil,
                  let components = URLComponents(string: url), let host = components.host?.lowercased()
            else { return nil }
            if let exclusions = variable("no_proxy"), matches(host: host, noProxy: exclusions) { return nil }
            let scheme = components.scheme?.lowercased() ?? "http"
            // curl, like most tools, ignores upper-case HTTP_PROXY (a CGI header can set it).
            let specific = scheme == "https" ? variable("https_proxy") : environment["http_proxy"]
            return specific ?? variable("all_proxy")
        }
    }

    /// `no_proxy` semantics: `*`, exact hosts, and domain suffixes (`.gov.cn`, `gov.cn`).
    static func matches(host: String, noProxy: String) -> Bool {
        for raw in noProxy.split(separator: ",") {
            var entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), !entry.contains("]"), entry.filter({ $0 == ":" }).count == 1 {
                entry = String(entry[..<colon])
            }
            if entry.hasPrefix(".") { entry.removeFirst() }
            if entry.isEmpty { continue }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }

    /// Numeric addresses the proxy's host resolves to.
    static func addresses(ofProxy proxy: String) -> Set<String> {
        let withScheme = proxy.contains("://") ? proxy : "http://" + proxy
        guard let host = URLComponents(string: withScheme)?.host else { return [] }
        return Set(resolve(host))
    }

    /// With a proxy, the origin's own address is judged here before the request: nil when
    /// every address it resolves to is public.
    static func refusedOrigin(_ url: String) -> String? {
        guard let host = URLComponents(string: url)?.host else { return "no host" }
        let trimmed = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let addresses = resolve(trimmed)
        if addresses.isEmpty { return nil }  // the proxy resolves it; nothing local to judge
        return addresses.lazy.compactMap(AddressGuard.refusal(forNumeric:)).first
    }

    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var results: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = current.pointee.ai_addr,
                getnameinfo(address, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            {
                let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
                results.append(String(decoding: text, as: UTF8.self))
            }
            node = current.pointee.ai_next
        }
        return results
    }
}
