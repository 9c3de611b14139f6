import Alerting
import Cluster
import CoreMetrics
import Foundation
import Logging

/// Delivery from the cluster's shared outbox: claims what is due, sends it as the local
/// outbox would (one message per group or digest), and records each message's members as
/// delivered, retried with backoff, or dead. Quiet hours and digests were applied when the
/// alert was decided (its `not_before`); a channel's rate limit and a group's interval hold
/// for the whole cluster (`ChannelGates`): a message that must wait goes back to the outbox
/// until it may go.
struct ClusterDelivery {
    let outbox: SharedOutbox
    let gates: ChannelGates
    let logger: Logger
    var maxAttempts = 12
    var maxAge: TimeInterval = 86400

    /// Sends what is due now; returns how many notifications were delivered. A round stops
    /// at three quarters of the claim and gives the rest back, so slow receivers never let
    /// a claim run out while its notifications are still being sent.
    func deliverDue(now clock: @Sendable () -> Date, channels: [String: any Alerting.Channel]) async throws -> Int {
        let started = clock()
        let claimed = try await outbox.claimDue(at: started)
        guard !claimed.isEmpty else { return 0 }
        var digests: [String: DigestSchedule] = [:]
        for (name, channel) in channels { if let digest = channel.digest { digests[name] = digest } }
        let byID = Dictionary(claimed.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var delivered = 0
        for (message, members, group) in AlertBatch.messages(of: claimed, digests: digests) {
            let now = clock()
            if now.timeIntervalSince(started) > outbox.claimFor * 0.75 {
                try await outbox.release(members, until: now)
                continue
            }
            guard let channel = channels[message.channel] else {
                try await failed(members, byID: byID, error: DeliveryError("no channel named \(message.channel)"), at: now)
                continue
            }
            if let quiet = channel.quietHours, let end = quiet.end(containing: now) {
                try await outbox.release(members, until: end)
                continue
            }
            let interval = byID[members[0]]?.groupInterval
            if let interval, let ready = try await gates.groupReady(group, interval: interval, at: now) {
                try await outbox.release(members, until: ready)
                continue
            }
            if let rate = channel.ratePerMinute {
                let wait = try await gates.take(channel: message.channel, perMinute: rate, burst: channel.rateBurst, at: now)
                if wait > 0 {
                    try await outbox.release(members, until: now.addingTimeInterval(wait))
                    continue
                }
            }
            do {
                try await channel.deliver(message)
            } catch {
                try await failed(members, byID: byID, error: error, at: now)
                continue
            }
            // The one window for a duplicate: the receiver accepted, the node dies before
            // this commit; the next sender uses the same key.
            try await outbox.delivered(members, at: now)
            if interval != nil { try await gates.groupSent(group, at: now) }
            delivered += members.count
            Counter(label: "yuqing_alerts_total", dimensions: [("channel", message.channel), ("outcome", "sent")]).increment(by: members.count)
            logger.info("alert delivered", metadata: [
                "channel": "\(message.channel)", "rule": "\(message.rule)", "key": "\(message.id)", "items": "\(members.count)", "via": "cluster",
            ])
        }
        return delivered
    }

    private func failed(_ members: [String], byID: [String: Alerting.Notification], error: any Error, at now: Date) async throws {
        let attempts = members.compactMap { byID[$0]?.attempts }.max() ?? 0
        let created = members.compactMap { byID[$0]?.created }.min() ?? now
        let dead = attempts + 1 >= maxAttempts || now.timeIntervalSince(created) > maxAge
        try await outbox.failed(members, error: "\(error)", retryAt: Outbox.retryTime(after: now, failedAttempts: attempts + 1, error: error), dead: dead)
        Counter(label: "yuqing_alerts_total", dimensions: [("channel", members.first.flatMap { byID[$0]?.channel } ?? ""), ("outcome", dead ? "dead" : "failed")]).increment()
        if dead {
            logger.error("alert dead-lettered", metadata: ["keys": "\(members.joined(separator: ","))", "error": "\(error)", "via": "cluster"])
        } else {
            logger.warning("alert delivery failed, will retry", metadata: ["attempt": "\(attempts + 1)", "error": "\(error)", "via": "cluster"])
        }
    }
}
