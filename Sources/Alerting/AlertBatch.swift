import Foundation
import Feeds
import Storage

/// Notifications of one channel and one group that are due together, sent as one message.
struct AlertBatch {
    var key: String
    var members: [Notification]

    /// Due notifications in batches: one per (channel, group), a notification without a
    /// group in a batch of its own; in order of their first member.
    static func batches(of due: [Notification]) -> [AlertBatch] {
        var order: [String] = []
        var byKey: [String: [Notification]] = [:]
        for notification in due {
            let key = notification.channel + "|" + (notification.group ?? "id:" + notification.id)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(notification)
        }
        return order.map { AlertBatch(key: $0, members: byKey[$0] ?? []) }
    }

    /// The message to send: the notification itself when alone, otherwise one digest
    /// listing every member (at most 30, then a count), with a key made from the members'.
    var message: Notification {
        guard members.count > 1, let first = members.first else { return members[0] }
        let topic = first.fields["topic"].map { "\($0)：" } ?? ""
        var lines: [String] = []
        for (index, member) in members.prefix(30).enumerated() {
            let title = member.fields["item_title"] ?? member.title
            let score = member.fields["score"].map { "，\($0)分" } ?? ""
            lines.append("\(index + 1). \(title)（\(member.fields["source"] ?? "")\(score)）")
            if let url = member.fields["url"], !url.isEmpty { lines.append("链接: \(url)") }
        }
        if members.count > 30 { lines.append("……另有 \(members.count - 30) 条，见 yuqing items") }
        var digest = Notification(
            id: StableID.key128(members.map(\.id).sorted().joined(separator: "|")),
            rule: first.rule, channel: first.channel, created: first.created,
            title: "【\(first.rule)】\(topic)\(members.count) 条新信息", text: lines.joined(separator: "\n"),
            fields: ["rule": first.rule, "topic": first.fields["topic"] ?? "", "count": String(members.count),
                     "keys": members.map(\.id).joined(separator: ",")])
        digest.group = first.group
        return digest
    }
}
