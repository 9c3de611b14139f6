import Foundation
import Transport

/// Email through libcurl's SMTP client: a UTF-8 `multipart/alternative` message (text and
/// HTML) to every recipient. A scheduled report's message has the report as its HTML body,
/// the charts as inline PNG parts and the Word file attached.
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
        var message = MailMessage(
            from: from, to: to, subject: notification.title, text: MessageFormat.plain(notification),
            html: MessageFormat.html(notification), idempotencyKey: notification.id, date: notification.created)
        if let directory = notification.fields["report_dir"] { Self.attachReport(in: directory, title: notification.fields["report_title"], to: &message) }
        do {
            try await SMTPSender.send(message.rendered(), from: from, to: to, settings: settings)
        } catch {
            throw DeliveryError("\(name): \(error)")
        }
    }

    /// The report's files (`ScheduledReport` writes them) into `message`; when they are
    /// gone the summary goes out alone, saying so.
    static func attachReport(in directory: String, title: String?, to message: inout MailMessage) {
        guard let html = FileManager.default.contents(atPath: directory + "/" + ReportFiles.mailHTML),
            let docx = FileManager.default.contents(atPath: directory + "/" + ReportFiles.docx)
        else {
            message.text += "\n\n（报告文件已不存在：\(directory)）"
            return
        }
        message.html = String(decoding: html, as: UTF8.self)
        var index = 0
        while let png = FileManager.default.contents(atPath: directory + "/" + ReportFiles.chart(index)) {
            message.related.append(.init(contentType: "image/png", bytes: Array(png), contentID: ReportFiles.contentID(index)))
            index += 1
        }
        let stamp = (directory as NSString).lastPathComponent.split(separator: "-").suffix(2).joined(separator: "-")
        message.attachments.append(.init(
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: Array(docx),
            filename: "\(title ?? "舆情报告")-\(stamp).docx"))
    }
}
