import Foundation
import Transport

/// DingTalk 钉钉 custom robot: a markdown message; with a secret, the URL carries
/// `timestamp` and `sign`. The robot answers `{"errcode":0}` on success.
public struct DingTalkChannel: Channel {
    public let name: String
    let url: String
    let secret: String?
    let post: JSONPost
    public let ratePerMinute: Double?
    /// The signature's timestamp comes from here.
    let clock: any WallClock

    public init(
        name: String, url: String, secret: String?, ratePerMinute: Double? = 20, client: any HTTPTransport, policy: ConnectionPolicy,
        clock: any WallClock = SystemClock()
    ) {
        self.clock = clock
        self.name = name
        self.url = url
        self.secret = secret
        self.ratePerMinute = ratePerMinute
        self.post = JSONPost(channel: name, client: client, policy: policy)
    }

    public func deliver(_ notification: Notification) async throws {
        var target = url
        if let secret {
            let timestamp = Int64(clock.now().timeIntervalSince1970 * 1000)
            let sign = Signing.dingTalk(secret: secret, timestampMillis: timestamp)
            target += (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(Signing.queryEncoded(sign))"
        }
        let body: [String: Any] = [
            "msgtype": "markdown",
            "markdown": ["title": notification.title, "text": MessageFormat.markdown(notification)],
        ]
        try await post.send(url: target, body: try JSONPost.encode(body), checkErrorCode: true)
    }
}

/// WeCom 企业微信 group robot: markdown, split into several messages at the robot's
/// 4,096-byte limit. The robot answers `{"errcode":0}` on success.
public struct WeComChannel: Channel {
    public static let maxContentBytes = 4096
    public let name: String
    let url: String
    let post: JSONPost
    public let ratePerMinute: Double?

    public init(name: String, url: String, ratePerMinute: Double? = 20, client: any HTTPTransport, policy: ConnectionPolicy) {
        self.name = name
        self.url = url
        self.ratePerMinute = ratePerMinute
        self.post = JSONPost(channel: name, client: client, policy: policy)
    }

    public func deliver(_ notification: Notification) async throws {
        for chunk in Self.split(MessageFormat.markdown(notification)) {
            let body: [String: Any] = ["msgtype": "markdown", "markdown": ["content": chunk]]
            try await post.send(url: url, body: try JSONPost.encode(body), checkErrorCode: true)
        }
    }

    /// Pieces of at most `maxContentBytes` bytes of UTF-8, cut at line ends where
    /// possible and never inside a character.
    static func split(_ text: String, limit: Int = maxContentBytes) -> [String] {
        var chunks: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { chunks.append(current) }
            current = ""
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let piece = current.isEmpty ? String(line) : "\n" + line
            if current.utf8.count + piece.utf8.count <= limit {
                current += piece
                continue
            }
            flush()
            var rest = Substring(line)
            while rest.utf8.count > limit {
                var cut = rest.startIndex
                var bytes = 0
                for index in rest.indices {
                    let size = rest[index].utf8.count
                    if bytes + size > limit { break }
                    bytes += size
                    cut = rest.index(after: index)
                }
                chunks.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            current = String(rest)
        }
        flush()
        return chunks
    }
}

/// Feishu/Lark 飞书 custom robot: a rich-text `post` message; with a secret, the body
/// carries `timestamp` and `sign`. The robot answers `{"code":0}` on success.
public struct FeishuChannel: Channel {
    public let name: String
    let url: String
    let secret: String?
    let post: JSONPost
    public let ratePerMinute: Double?
    /// The signature's timestamp comes from here.
    let clock: any WallClock

    public init(
        name: String, url: String, secret: String?, ratePerMinute: Double? = 100, client: any HTTPTransport, policy: ConnectionPolicy,
        clock: any WallClock = SystemClock()
    ) {
        self.clock = clock
        self.name = name
        self.url = url
        self.secret = secret
        self.ratePerMinute = ratePerMinute
        self.post = JSONPost(channel: name, client: client, policy: policy)
    }

    public func deliver(_ notification: Notification) async throws {
        var paragraphs: [[[String: String]]] = []
        for (label, value) in MessageFormat.lines(notification) {
            if label == "链接", value.hasPrefix("http") {
                paragraphs.append([["tag": "a", "text": "查看原文", "href": value]])
            } else {
                paragraphs.append([["tag": "text", "text": label.isEmpty ? value : "\(label)：\(value)"]])
            }
        }
        var body: [String: Any] = [
            "msg_type": "post",
            "content": ["post": ["zh_cn": ["title": notification.title, "content": paragraphs]]],
        ]
        if let secret {
            let timestamp = Int64(clock.now().timeIntervalSince1970)
            body["timestamp"] = String(timestamp)
            body["sign"] = Signing.feishu(secret: secret, timestamp: timestamp)
        }
        try await post.send(url: url, body: try JSONPost.encode(body), checkErrorCode: true)
    }
}

/// Slack incoming webhook: Block Kit with a header and a section; Slack answers `ok`.
public struct SlackChannel: Channel {
    public let name: String
    let url: String
    let post: JSONPost
    public let ratePerMinute: Double?

    public init(name: String, url: String, ratePerMinute: Double? = 60, client: any HTTPTransport, policy: ConnectionPolicy) {
        self.name = name
        self.url = url
        self.ratePerMinute = ratePerMinute
        self.post = JSONPost(channel: name, client: client, policy: policy)
    }

    public func deliver(_ notification: Notification) async throws {
        let escape: (String) -> String = {
            $0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let text = MessageFormat.lines(notification).map { label, value in
            label == "链接" && value.hasPrefix("http") ? "<\(escape(value))|查看原文>" : "*\(escape(label))*：\(escape(value))"
        }.joined(separator: "\n")
        let body: [String: Any] = [
            "text": notification.title,
            "blocks": [
                ["type": "header", "text": ["type": "plain_text", "text": String(notification.title.prefix(150))]],
                ["type": "section", "text": ["type": "mrkdwn", "text": String(text.prefix(3000))]],
            ],
        ]
        let answer = try await post.send(url: url, body: try JSONPost.encode(body), checkErrorCode: false)
        guard answer.trimmingCharacters(in: .whitespacesAndNewlines) == "ok" else {
            throw DeliveryError("\(name): Slack answered \(answer.prefix(200))")
        }
    }
}
