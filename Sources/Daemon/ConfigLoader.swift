import Analysis
import Feeds
import Foundation
import Markup
import Storage
import Yams

/// Reads and validates `feeds.yml`. Every problem is reported with file, line, column and
/// the path of the value (`sources[3].url: unsupported scheme "ftp"`); unknown keys are
/// errors, so a typo never passes silently.
public enum ConfigLoader {
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigErrors) -> Config {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors(errors: [ConfigError(file: path, path: "", message: "cannot read: \(error.localizedDescription)")])
        }
        return try parse(text, file: path, environment: environment)
    }

    public static func parse(_ text: String, file: String, environment: [String: String] = [:]) throws(ConfigErrors) -> Config {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigErrors(errors: [ConfigError(file: file, path: "", message: "the file is empty")])
            }
            root = node
        } catch let error as ConfigErrors {
            throw error
        } catch let error as YamlError {
            throw ConfigErrors(errors: [yamlError(error, file: file)])
        } catch {
            throw ConfigErrors(errors: [ConfigError(file: file, path: "", message: "\(error)")])
        }
        let diagnostics = ConfigDiagnostics(file: file)
        let reader = ConfigReader(diagnostics: diagnostics, file: file, environment: environment)
        let config = reader.read(ConfigNode(node: root, path: "", diagnostics: diagnostics))
        guard diagnostics.errors.isEmpty, let config else {
            throw ConfigErrors(errors: diagnostics.errors)
        }
        return config
    }

    private static func yamlError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ConfigError(file: file, line: mark.line, column: mark.column, path: "", message: "YAML syntax error: \(what)")
        default:
            return ConfigError(file: file, path: "", message: "YAML error: \(error)")
        }
    }
}

/// The semantic pass over the YAML tree.
struct ConfigReader {
    /// The keys every source may have; each kind adds its own (`SourceKinds`).
    static let sourceKeys: Set<String> = [
        "id", "name", "url", "interval", "timeout", "max_bytes", "timezone", "allow_private_networks", "ca_file", "insecure", "proxy",
        "type", "headers", "cookie_from", "tier", "region",
    ]
    let diagnostics: ConfigDiagnostics
    let file: String
    let environment: [String: String]

    func read(_ root: ConfigNode) -> Config? {
        guard let top = root.mapping(allowed: ["storage", "defaults", "network", "analysis", "metrics", "sources", "topics", "alerts", "cluster"]) else { return nil }
        let storage = top["storage"]?.mapping(allowed: ["dir", "retain", "max_size", "segment_size", "compress"])
        let retention = SegmentRetention.Limits(
            maxAge: storage?["retain"]?.duration(in: 3600...(3650 * 86400)) ?? 90 * 86400,
            maxBytes: storage?["max_size"]?.size(in: (1 << 20)...Int.max))
        var dataDirectory = storage?["dir"]?.string() ?? "data"
        if !dataDirectory.hasPrefix("/") {
            let base = (file as NSString).deletingLastPathComponent
            dataDirectory = ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(dataDirectory)
        }
        let defaults = top["defaults"]?.mapping(allowed: ["interval", "timeout", "max_bytes", "timezone", "respect_cache_headers", "max_backoff"])
        let respectCache = defaults?["respect_cache_headers"]?.bool() ?? true
        let maxBackoff = defaults?["max_backoff"]?.duration(in: 60...(7 * 86400)) ?? 6 * 3600
        let interval = defaults?["interval"]?.duration(in: 1...86400) ?? 600
        let timeout = defaults?["timeout"]?.duration(in: 1...600) ?? 30
        let maxBytes = defaults?["max_bytes"]?.size(in: 1024...(256 << 20)) ?? (10 << 20)
        let timeZone = defaults?["timezone"].flatMap(zone) ?? TimeZone(identifier: "Asia/Shanghai") ?? .gmt

        let network = top["network"]?.mapping(allowed: ["allow_private_networks", "user_agent", "max_connections", "max_connections_per_host", "proxy"])
        let globalProxy = network?["proxy"].flatMap(proxy)
        let allowPrivate = network?["allow_private_networks"]?.bool() ?? false

        let (foldTraditional, judgement) = readAnalysis(top["analysis"])
        var sources: [Config.Source] = []
        var sourceIDs = Set<String>()
        for node in top["sources"]?.list() ?? [] {
            guard let fields = node.mapping(allowed: Self.sourceKeys.union(SourceKinds.keys)) else { continue }
            guard let id = required(fields, "id", in: node)?.string(), let url = required(fields, "url", in: node)?.string() else { continue }
            if id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) {
                fields["id"]?.error("ids may hold letters, digits, '-', '_' and '.' only, got \"\(id)\"")
            }
            if !sourceIDs.insert(id).inserted { fields["id"]?.error("duplicate source id \"\(id)\"") }
            checkURL(url, fields["url"])
            sources.append(Config.Source(
                id: id, name: fields["name"]?.string() ?? id, url: url,
                interval: fields["interval"]?.duration(in: 1...86400) ?? interval,
                timeout: fields["timeout"]?.duration(in: 1...600) ?? timeout,
                maxBytes: fields["max_bytes"]?.size(in: 1024...(256 << 20)) ?? maxBytes,
                timeZone: fields["timezone"].flatMap(zone) ?? timeZone,
                allowPrivateNetworks: fields["allow_private_networks"]?.bool() ?? allowPrivate,
                caFile: fields["ca_file"].flatMap(readableFile),
                insecure: fields["insecure"]?.bool() ?? false,
                proxy: fields["proxy"].flatMap(proxy),
                respectCacheHeaders: respectCache, maxBackoff: maxBackoff,
                format: sourceFormat(fields, node: node) ?? FeedFormat(),
                headers: fields["headers"].map(requestHeaders) ?? [],
                cookieFrom: fields["cookie_from"]?.string().map { url in
                    checkURL(url, fields["cookie_from"])
                    return url
                },
                tier: readTier(fields["tier"]),
                region: readRegion(fields["region"], home: judgement.homeRegion)))
        }
        if sources.isEmpty && top["sources"] != nil { top["sources"]?.error("no sources configured") }

        let metrics = top["metrics"]?.mapping(allowed: ["listen", "web", "web_password_env", "web_password_credential"])
        var metricsAddress: Config.ListenAddress?
        if let listen = metrics?["listen"], let text = listen.string() {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port), !parts[0].isEmpty {
                metricsAddress = Config.ListenAddress(host: String(parts[0]), port: port)
            } else {
                listen.error("expected host:port, for example 127.0.0.1:9464")
            }
        }
        let web = metrics.flatMap { readWebView($0, address: metricsAddress, node: top["metrics"]) }
        var topics: [Topic] = []
        for node in top["topics"]?.list() ?? [] {
            if let topic = readTopic(node) {
                if topics.contains(where: { $0.name == topic.name }) { node.error("duplicate topic \"\(topic.name)\"") }
                topics.append(topic)
            }
        }

        let alerts = top["alerts"]?.mapping(allowed: ["rules", "channels"])
        var channels: [Config.Channel] = []
        let channelNames = Set(alerts?["channels"]?.node.mapping.map { $0.keys.compactMap(\.string) } ?? [])
        if let channelNodes = alerts?["channels"]?.mapping(allowed: channelNames) {
            for (name, node) in channelNodes.sorted(by: { $0.key < $1.key }) {
                if let channel = readChannel(name: name, node) { channels.append(channel) }
            }
        }
        let rules = (alerts?["rules"]?.list() ?? []).compactMap {
            readRule($0, channels: channels, topics: topics, sourceIDs: sourceIDs, home: judgement.homeRegion)
        }

        var config = Config(
            file: file, dataDirectory: dataDirectory, retention: retention,
            userAgent: network?["user_agent"]?.string(),
            allowPrivateNetworks: allowPrivate,
            proxy: globalProxy,
            maxConnections: network?["max_connections"]?.int(in: 1...256) ?? 16,
            maxConnectionsPerHost: network?["max_connections_per_host"]?.int(in: 1...16) ?? 2,
            sources: sources, topics: topics, metricsAddress: metricsAddress, web: web, foldTraditional: foldTraditional,
            rules: rules, channels: channels,
            segmentBytes: storage?["segment_size"]?.size(in: (1 << 16)...(1 << 30)) ?? 64 << 20,
            compress: storage?["compress"]?.bool() ?? true)
        config.judgement = judgement
        config.cluster = readCluster(top["cluster"])
        return config
    }

    func required(_ fields: [String: ConfigNode], _ key: String, in node: ConfigNode) -> ConfigNode? {
        if let value = fields[key] { return value }
        node.error("missing required key \"\(key)\"")
        return nil
    }

    /// The source's kind from `type:` (default `feed`), read by that kind from its own keys.
    private func sourceFormat(_ fields: [String: ConfigNode], node: ConfigNode) -> (any SourceFormat)? {
        let type = fields["type"]?.string() ?? "feed"
        guard let kind = SourceKinds.kind(named: type) else {
            let supported = SourceKinds.all.map(\.type).joined(separator: ", ")
            fields["type"]?.error("unsupported source type \"\(type)\"; supported: \(supported)")
            return nil
        }
        for key in SourceKinds.keys.subtracting(kind.keys) {
            let owners = SourceKinds.all.filter { $0.keys.contains(key) }.map(\.type).joined(separator: ", ")
            fields[key]?.error("\"\(key)\" is for sources of type \(owners)")
        }
        return kind.read(fields, source: node)
    }

    /// `headers: {Referer: …}`: names are HTTP tokens, values hold no CR, LF or NUL.
    private func requestHeaders(_ node: ConfigNode) -> [(name: String, value: String)] {
        let names = Set(node.node.mapping.map { $0.keys.compactMap(\.string) } ?? [])
        var headers: [(name: String, value: String)] = []
        for (name, value) in (node.mapping(allowed: names) ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let text = value.string() else { continue }
            let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(.alphanumerics)
            if name.isEmpty || !name.unicodeScalars.allSatisfy({ $0.isASCII && token.contains($0) }) {
                value.error("\"\(name)\" is not a header name")
            } else if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                value.error("a header value cannot hold CR, LF or NUL")
            } else if ["host", "content-length", "transfer-encoding", "connection"].contains(name.lowercased()) {
                value.error("\(name) is set by the transport")
            } else {
                headers.append((name, text))
            }
        }
        return headers
    }

    /// A proxy URL (`http://`, `https://`, `socks5://`, `socks5h://`) or `none`.
    private func proxy(_ node: ConfigNode) -> String? {
        guard let text = node.string() else { return nil }
        if text == "none" { return text }
        let scheme = URLComponents(string: text)?.scheme?.lowercased() ?? ""
        guard ["http", "https", "socks4", "socks4a", "socks5", "socks5h"].contains(scheme) else {
            node.error("expected a proxy URL (http://, https://, socks5://, socks5h://) or none, got \"\(text)\"")
            return nil
        }
        return text
    }

    func readableFile(_ node: ConfigNode) -> String? {
        guard let path = node.string() else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            node.error("cannot read \"\(path)\"")
            return nil
        }
        return path
    }

    private func zone(_ node: ConfigNode) -> TimeZone? {
        guard let name = node.string() else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            node.error("unknown time zone \"\(name)\" (use an IANA name such as Asia/Shanghai)")
            return nil
        }
        return zone
    }

    func checkURL(_ text: String, _ node: ConfigNode?) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            node?.error("not a valid absolute URL")
            return
        }
        guard scheme == "http" || scheme == "https" else {
            node?.error("unsupported scheme \"\(scheme)\"; only http and https are allowed")
            return
        }
        if components.host?.isEmpty ?? true { node?.error("URL has no host") }
    }
}
