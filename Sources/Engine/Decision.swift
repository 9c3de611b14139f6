import Alerting
import Foundation
import Storage

/// One alert decision of the engine: the notification as it would be sent (worded by its
/// rule's template), what becomes of it, and when it was decided. The daemon queues the
/// ones to send and records the others; `yuqing replay` reports all of them.
public struct Decision: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        /// Queued for its channel, not before `notBefore`; `heldBy` says why it waits
        /// (`group_wait`, `quiet_hours`, `digest`), nil when it goes out at once.
        case send(notBefore: Date, heldBy: String?)
        /// Not sent: an active trend alert of the same topic covers it (`into` names the
        /// trend rule and topic, `汛情上升/汛情`).
        case folded(into: String)
        /// Not sent: the silence with this id matched it.
        case silenced(by: String)
    }

    public var notification: Alerting.Notification
    public var verdict: Verdict
    public var time: Date

    public init(notification: Alerting.Notification, verdict: Verdict, time: Date) {
        self.notification = notification
        self.verdict = verdict
        self.time = time
    }

    /// `send`, `folded` or `silenced`.
    public var outcome: String {
        switch verdict {
        case .send: "send"
        case .folded: "folded"
        case .silenced: "silenced"
        }
    }

    /// Why, in words: the rule, and what held, folded or silenced it.
    public var reason: String {
        let rule = "规则「\(notification.rule)」"
        switch verdict {
        case .send(let notBefore, let heldBy?):
            let words = ["group_wait": "分组等待", "quiet_hours": "免打扰时段", "digest": "摘要周期"]
            return "\(rule)，\(words[heldBy] ?? heldBy)至 \(RecordCoding.timestamp(notBefore))"
        case .send:
            return rule
        case .folded(let into):
            return "\(rule)，并入趋势告警 \(into)"
        case .silenced(let silence):
            return "\(rule)，被静默 \(silence) 屏蔽"
        }
    }

    /// The mark the outbox keeps on a notification that was not sent (`inhibited:trend:…`,
    /// or the silence id), as `yuqing alerts` shows it.
    public var recordedMark: String? {
        switch verdict {
        case .send: nil
        case .folded(let into): "inhibited:trend:" + into
        case .silenced(let silence): silence
        }
    }
}
