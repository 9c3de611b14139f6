import Foundation
import Storage
import Transport

/// A generic JSON webhook: `POST url` with the notification as a JSON object, an
/// `X-Yuqing-Idempotency-Key` header, optional custom headers, and with a secret an
/// `X-Yuqing-Signature: sha256=<hex HMAC-SHA256 of "<X-Yuqing-Timestamp>.<body>">`.
/// Any 2xx answer is success.
public struct WebhookChannel: Channel {
    public let name: String
    let url: String
    let secret: String?
    let headers: [(String, String)]
    let post: JSONPost
    public let ratePerMinute: Double?
    /// The signature's timestamp comes from here.
    let clock: any WallClock

    public init(
        name: String, url: String, secret: String? = nil, headers: [(String, String)] = [], ratePerMinute: Double? = nil,
        client: any HTTPTransport, policy: ConnectionPolicy, clock: any WallClock = SystemClock()
    ) {
        self.clock = clock
        self.name = name
        self.url = url
        self.secret = secret
        self.headers = headers
        self.ratePerMinute = ratePerMinute
        self.post = JSONPost(channel: name, client: client, policy: policy)
    }

    public func deliver(_ notification: Notification) async throws {
        let body = Array(try RecordCoding.encoder().encode(WebhookPayload(notification: notification)))
        var headers = self.headers + [("X-Yuqing-Idempotency-Key", notification.id)]
        if let secret {
            let timestamp = Int64(clock.now().timeIntervalSince1970)
            headers.append(("X-Yuqing-Timestamp", String(timestamp)))
            headers.append(("X-Yuqing-Signature", Signing.webhook(secret: secret, timestamp: timestamp, body: body)))
        }
        try await post.send(url: url, body: body, headers: headers, checkErrorCode: false)
    }
}

/// The JSON body of a generic webhook call.
struct WebhookPayload: Encodable {
    var idempotency_key: String
    var rule: String
    var title: String
    var text: String
    var created: Date
    var fields: [String: String]

    init(notification: Notification) {
        idempotency_key = notification.id
        rule = notification.rule
        title = notification.title
        text = notification.text
        created = notification.created
        fields = notification.fields
    }
}
