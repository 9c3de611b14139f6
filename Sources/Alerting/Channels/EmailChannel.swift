import Foundation
import Transport

/// Email through libcurl's SMTP client: a UTF-8 `multipart/alternative` message (text and
/// HTML) to every recipient.
public struct EmailChannel: Channel {
    public let name: String
    let settings: SMTPSettings
    let from: String
    let to: [String]
    public let ratePerMinute: Double?

    public init(name: String, settings: SMTPSettings, from: String, to: [String], ratePerMinute: Double? = nil) {
        self.name = name
        self.settings = settings
        self.from = from
        self.to = to
        self.ratePerMinute = ratePerMinute
    }

    public func deliver(_ notification: Notification) async throws {
        let message = MailMessage(
            from: from, to: to, subject: notification.title, text: MessageFormat.plain(notification),
            html: MessageFormat.html(notification), idempotencyKey: notification.id, date: notification.created)
        do {
            try await SMTPSender.send(message.rendered(), from: from, to: to, settings: settings)
        } catch {
            throw DeliveryError("\(name): \(error)")
        }
    }
}
