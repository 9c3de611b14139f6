import Alerting
import Foundation
import Storage

extension Engine {
    /// Turns the notifications rules made at `now` into decisions: worded by their rule's
    /// template, folded into an active trend (`foldedInto`), silenced by the first active
    /// silence that matches, or queued — noting what holds them (group wait, the channel's
    /// digest period or quiet hours).
    func decide(_ notifications: [Alerting.Notification], at now: Date, foldedInto: String? = nil) -> [Decision] {
        settings.rules.worded(notifications).map { notification in
            if let foldedInto {
                return Decision(notification: notification, verdict: .folded(into: foldedInto), time: now)
            }
            if let silence = settings.silences.first(where: { $0.isActive(at: now) && $0.matches(notification) }) {
                return Decision(notification: notification, verdict: .silenced(by: silence.id), time: now)
            }
            let (notBefore, heldBy) = hold(notification, now: now)
            return Decision(notification: notification, verdict: .send(notBefore: notBefore, heldBy: heldBy), time: now)
        }
    }

    /// When `notification` may go out at the earliest, and what holds it until then.
    private func hold(_ notification: Alerting.Notification, now: Date) -> (Date, String?) {
        var notBefore = max(now, notification.nextAttempt)
        var heldBy: String? = notBefore > now ? "group_wait" : nil
        guard let schedule = settings.schedules[notification.channel] else { return (notBefore, heldBy) }
        if let digest = schedule.digest {
            notBefore = max(notBefore, digest.next(after: notification.created))
            heldBy = "digest"
        }
        if let quiet = schedule.quietHours, let end = quiet.end(containing: notBefore) {
            notBefore = end
            heldBy = "quiet_hours"
        }
        return (notBefore, heldBy)
    }
}

extension Engine {
    /// The item-rule decisions for items stored before an unclean stop whose alerts may not
    /// have been queued (they are already counted: the store was read back at start-up).
    public func itemDecisions(for items: [StoredItem], at now: Date) -> [Decision] {
        let active = trends.activeEpisodes
        return items.flatMap { item in
            let context = ItemAlertContext(homeRegion: settings.judgement.homeRegion, storySources: spread.sourceCount(item.story))
            return settings.rules.items.flatMap { $0.notifications(for: item, context: context) }.flatMap { notification in
                decide([notification], at: now, foldedInto: active[notification.fields["topic"] ?? ""])
            }
        }
    }
}
