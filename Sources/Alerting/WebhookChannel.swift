import Foundation
import Storage
import Transport

/// A delivery target for notifications.
public protocol Channel: Sendable {
    var name: String { get }
    /// Delivers one notification; throws when it was not accepted.
    func deliver(_ notification: Notification) async throws
}

/// Why a channel did not accept a notification.
public struct DeliveryError: Error, CustomStringConvertible {
    public var description: String
}

/// A generic JSON webhook: `POST url` with the notification as a JSON object and an
/// `X-Yuqing-Idempotency-Key` header. Any 2xx answer is success.
public struct WebhookChannel: Channel {
    public let name: String
    let url: String
    let client: HTTPClient
    let policy: ConnectionPolicy

    public init(name: String, url: String, client: HTTPClient, policy: ConnectionPolicy) {
        self.name = name
        self.url = url
        self.client = client
        self.policy = policy
    }

    public func deliver(_ notification: Notification) async throws {
        let body = WebhookPayload(notification: notification)
        let encoder = RecordCoding.encoder()
        let request = HTTPRequest(
            url: url, method: .post,
            headers: [
                ("Content-Type", "application/json; charset=utf-8"),
                ("X-Yuqing-Idempotency-Key", notification.id),
            ],
            body: Array(try encoder.encode(body)),
            limits: TransferLimits(connectTimeout: 10, totalTimeout: 20, maxBodyBytes: 1 << 20),
            policy: policy)
        let response = try await client.send(request)
        guard (200..<300).contains(response.status) else {
            throw DeliveryError(description: "webhook \(name) answered HTTP \(response.status)")
        }
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
