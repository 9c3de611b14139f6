import Alerting
import Foundation
import Transport

extension ConfigReader {
    private static let commonKeys: Set<String> = ["type", "rate_limit", "quiet_hours", "timezone", "digest"]
    private static let urlKeys: Set<String> = ["url", "url_env", "url_credential"]
    private static let secretKeys: Set<String> = ["secret_env", "secret_credential"]
    private static let keys: [Config.Channel.Kind: Set<String>] = [
        .webhook: commonKeys.union(urlKeys).union(secretKeys).union(["headers"]),
        .dingtalk: commonKeys.union(urlKeys).union(secretKeys),
        .feishu: commonKeys.union(urlKeys).union(secretKeys),
        .wecom: commonKeys.union(urlKeys),
        .slack: commonKeys.union(urlKeys),
        .email: commonKeys.union([
            "smtp", "from", "to", "username", "password_env", "password_credential", "starttls", "ca_file", "insecure",
        ]),
    ]

    /// One `alerts.channels.NAME` entry. Secrets (signing secrets, SMTP passwords) come only
    /// from the environment or from systemd credentials, never from the file itself.
    func readChannel(name: String, _ node: ConfigNode) -> Config.Channel? {
        let typeName = node.node.mapping?["type"]?.string ?? ""
        guard let kind = Config.Channel.Kind(rawValue: typeName) else {
            let supported = Config.Channel.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            if let fields = node.mapping(allowed: Set(Self.keys.values.joined())) {
                (fields["type"] ?? node).error(fields["type"] == nil ? "missing required key \"type\"" : "unsupported channel type \"\(typeName)\"; supported: \(supported)")
            }
            return nil
        }
        guard let fields = node.mapping(allowed: Self.keys[kind] ?? []) else { return nil }
        var channel: Config.Channel
        if kind == .email {
            guard let email = readEmail(fields, node: node) else { return nil }
            channel = Config.Channel(name: name, endpoint: .email(email.settings), url: email.url, urlOrigin: "smtp")
        } else {
            guard let (url, origin) = readSetting(fields, "url", node: node, inlineAllowed: true) else {
                node.error("a channel needs \"url\", \"url_env\" or \"url_credential\"")
                return nil
            }
            if let url { checkURL(url, fields["url"] ?? fields["url_env"] ?? fields["url_credential"]) }
            channel = Config.Channel(name: name, endpoint: Config.Channel.Endpoint(plain: kind) ?? .webhook(headers: [:]), url: url, urlOrigin: origin)
            if let (secret, secretOrigin) = readSetting(fields, "secret", node: node, inlineAllowed: false) {
                (channel.secret, channel.secretOrigin) = (secret, secretOrigin)
            }
        }
        if let headers = fields["headers"] {
            var fields: [String: String] = [:]
            let names = Set(headers.node.mapping.map { $0.keys.compactMap(\.string) } ?? [])
            for (header, value) in headers.mapping(allowed: names) ?? [:] {
                guard let text = value.string() else { continue }
                let bad = header.utf8.contains { $0 <= 32 || $0 == 58 || $0 >= 127 } || text.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
                if bad { value.error("a header name or value must not contain CR, LF, NUL, spaces or a colon in the name") }
                fields[header] = text
            }
            if case .webhook = channel.endpoint { channel.endpoint = .webhook(headers: fields) }
        }
        if let limit = fields["rate_limit"] { channel.ratePerMinute = readRate(limit) }
        if let zoneNode = fields["timezone"], let name = zoneNode.string() {
            if let zone = TimeZone(identifier: name) { channel.quietTimeZone = zone } else { zoneNode.error("unknown time zone \"\(name)\"") }
        }
        if let digestNode = fields["digest"], let text = digestNode.string() {
            channel.digest = DigestSchedule(text, timeZone: channel.quietTimeZone)
            if channel.digest == nil { digestNode.error("expected hourly, daily or daily@HH (for example daily@18)") }
        }
        if let quiet = fields["quiet_hours"], let text = quiet.string() {
            channel.quietHours = QuietHours(text, timeZone: channel.quietTimeZone)
            if channel.quietHours == nil { quiet.error("expected HH:MM-HH:MM, for example 22:00-07:00") }
        }
        return channel
    }

    /// `KEY: value` (when allowed), `KEY_env: NAME` or `KEY_credential: NAME`: the value
    /// (nil when the variable or credential is not set) and where it came from; nil when
    /// none of the three is given.
    func readSetting(_ fields: [String: ConfigNode], _ key: String, node: ConfigNode, inlineAllowed: Bool) -> (String?, String)? {
        if inlineAllowed, let value = fields[key]?.string() { return (value, key) }
        if let credentialNode = fields[key + "_credential"], let credential = credentialNode.string() {
            // systemd's LoadCredential= puts the file in $CREDENTIALS_DIRECTORY, readable by the service only.
            guard !credential.contains("/"), !credential.isEmpty else {
                credentialNode.error("a credential name, not a path")
                return nil
            }
            let value = environment["CREDENTIALS_DIRECTORY"].flatMap { directory in
                (try? String(contentsOfFile: directory + "/" + credential, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }.flatMap { $0.isEmpty ? nil : $0 }
            return (value, "\(key)_credential \(credential)")
        }
        if let variable = fields[key + "_env"]?.string() {
            return (environment[variable].flatMap { $0.isEmpty ? nil : $0 }, "\(key)_env \(variable)")
        }
        return nil
    }

    private func readEmail(_ fields: [String: ConfigNode], node: ConfigNode) -> (url: String, settings: Config.Channel.Email)? {
        guard let smtpNode = required(fields, "smtp", in: node), let smtp = smtpNode.string(),
            let from = required(fields, "from", in: node)?.string(),
            let to = required(fields, "to", in: node)?.strings()
        else { return nil }
        let lower = smtp.lowercased()
        if !(lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://")) || URLComponents(string: smtp)?.host?.isEmpty ?? true {
            smtpNode.error("expected smtp://host:587 (STARTTLS) or smtps://host:465")
        }
        for (address, key) in [(from, "from")] + to.map({ ($0, "to") }) where !MailAddress.isValid(address) {
            fields[key]?.error("not a plain mail address: \"\(address)\"")
        }
        if to.isEmpty { fields["to"]?.error("no recipients") }
        var requireTLS = true
        if let starttls = fields["starttls"]?.string() {
            switch starttls {
            case "required": requireTLS = true
            case "optional": requireTLS = false
            default: fields["starttls"]?.error("expected \"required\" (the default) or \"optional\"")
            }
        }
        let password = readSetting(fields, "password", node: node, inlineAllowed: false)
        let settings = Config.Channel.Email(
            from: from, to: to, username: fields["username"]?.string(), password: password?.0, passwordOrigin: password?.1,
            requireTLS: requireTLS, caFile: fields["ca_file"].flatMap(readableFile), insecure: fields["insecure"]?.bool() ?? false)
        return (smtp, settings)
    }

    /// `20/min`, `300/h`, or a number of messages per minute.
    private func readRate(_ node: ConfigNode) -> Double? {
        guard let text = node.string() else { return nil }
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        let perUnit: [String: Double] = ["s": 60, "sec": 60, "min": 1, "m": 1, "h": 1.0 / 60, "hour": 1.0 / 60]
        if let count = Double(parts.first ?? ""), count > 0 {
            if parts.count == 1 { return count }
            if parts.count == 2, let factor = perUnit[parts[1]] { return count * factor }
        }
        node.error("expected a rate such as 20/min or 300/h")
        return nil
    }
}
