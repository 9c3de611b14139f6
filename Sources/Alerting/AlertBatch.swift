import Foundation
import Feeds
import Storage

/// Notifications of one channel and one group that are due together, sent as one message.
public struct AlertBatch {
    var key: String
    var members: [Notification]

    /// Due notifications in batches: one per (channel, group), a notification without a
    /// group in a batch of its own; in order of their first member.
    static func batches(of due: [Notification], digests: [String: DigestSchedule] = [:]) -> [AlertBatch] {
        var order: [String] = []
        var byKey: [String: [Notification]] = [:]
        for notification in due {
            let key = digests[notification.channel] != nil
                ? notification.channel + "|digest"
                : notification.channel + "|" + (notification.group ?? "id:" + notification.id)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(notification)
        }
        return order.map { AlertBatch(key: $0, members: byKey[$0] ?? []) }
    }

    /// Due notifications as the messages to send, each with the ids of the notifications it
    /// carries (the shared outbox of cluster mode sends them as `Outbox` does).
    /// `group` is the batch's key (channel and group), what a group interval is kept by.
    public static func messages(
        of due: [Notification], digests: [String: DigestSchedule] = [:]
    ) -> [(message: Notification, members: [String], group: String)] {
        batches(of: due, digests: digests).map { ($0.message, $0.members.map(\.id), $0.key) }
    }

    /// The message to send: the notification itself when alone, otherwise one digest
    /// listing every member (at most 30, then a count), with a key made from the members'.
    var message: Notification {
        guard members.count > 1 || key.hasSuffix("|digest"), let first = members.first else { return members[0] }
        if key.hasSuffix("|digest") { return digest }
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

    /// A digest: every member's title (at most 50), counted by rule.
    private var digest: Notification {
        let first = members[0]
        var lines: [String] = []
        for (rule, count) in Dictionary(grouping: members, by: \.rule).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
            lines.append("说明: 规则「\(rule)」\(count) 条")
        }
        for (index, member) in members.prefix(50).enumerated() {
            lines.append("\(index + 1). \(member.title)")
            if let url = member.fields["url"], !url.isEmpty { lines.append("链接: \(url)") }
        }
        if members.count > 50 { lines.append("……另有 \(members.count - 50) 条，见 yuqing alerts") }
        return Notification(
            id: StableID.key128(members.map(\.id).sorted().joined(separator: "|")),
            rule: "digest", channel: first.channel, created: members.map(\.created).max() ?? first.created,
            title: "【舆情摘要】\(members.count) 条告警", text: lines.joined(separator: "\n"),
            fields: ["kind": "digest", "count": String(members.count), "keys": members.map(\.id).joined(separator: ",")])
    }
}
