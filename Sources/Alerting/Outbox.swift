import CoreMetrics
import Foundation
import Logging
import Storage

/// The durable queue of notifications, `<data>/state/outbox.json`.
///
/// A notification is persisted before its first delivery attempt and removed only after a
/// channel accepted it. Failed attempts are retried with exponential backoff and jitter
/// (5 s doubling to at most 10 min, or as long as a 429 answer asks); after `maxAttempts`
/// or `maxAge` a notification moves to `<data>/state/dead-letter.json`, where it stays
/// visible. A restart resumes pending ones. Channels with a rate limit take a token from
/// their bucket per message; without one the message waits, and no attempt is counted.
/// The last 500 delivered notifications are kept in `<data>/state/sent.json`.
public actor Outbox {
    public static let sentKept = 500
    private let file: StateFile<[Notification]>
    private let deadFile: StateFile<[Notification]>
    private let sentFile: StateFile<[Notification]>
    private var pending: [Notification]
    private let maxAttempts: Int
    private let maxAge: TimeInterval
    private var buckets: [String: TokenBucket] = [:]
    private let logger: Logger

    public init(dataDirectory: String, maxAttempts: Int = 12, maxAge: TimeInterval = 86400, logger: Logger) throws {
        file = StateFile(path: dataDirectory + "/state/outbox.json")
        deadFile = StateFile(path: dataDirectory + "/state/dead-letter.json")
        sentFile = StateFile(path: dataDirectory + "/state/sent.json")
        pending = try file.load() ?? []
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.logger = logger
    }

    public var count: Int { pending.count }

    /// Pending, sent and dead notifications as stored, for `yuqing alerts`.
    public static func stored(dataDirectory: String) throws -> (pending: [Notification], sent: [Notification], dead: [Notification]) {
        let load = { (name: String) in try StateFile<[Notification]>(path: dataDirectory + "/state/" + name).load() ?? [] }
        return (try load("outbox.json"), try load("sent.json"), try load("dead-letter.json"))
    }

    /// Adds notifications (ignoring ids already queued) and persists the queue.
    public func enqueue(_ notifications: [Notification]) throws {
        let known = Set(pending.map(\.id))
        let fresh = notifications.filter { !known.contains($0.id) }
        guard !fresh.isEmpty else { return }
        pending += fresh
        try file.save(pending)
    }

    /// Attempts every notification that is due; returns how many were delivered.
    @discardableResult
    public func deliverDue(now: Date, channels: [String: any Channel]) async -> Int {
        var delivered = 0
        var changed = false
        var dead: [Notification] = []
        var sent: [Notification] = []
        for notification in pending where notification.nextAttempt <= now {
            var updated = notification
            if let channel = channels[notification.channel], let rate = channel.ratePerMinute {
                var bucket = buckets[channel.name] ?? TokenBucket(perMinute: rate)
                defer { buckets[channel.name] = bucket }
                if !bucket.take(now: now) {
                    updated.nextAttempt = now.addingTimeInterval(bucket.wait(now: now))
                    if let index = pending.firstIndex(where: { $0.id == notification.id }) { pending[index] = updated }
                    continue
                }
            }
            updated.attempts += 1
            changed = true
            do {
                guard let channel = channels[notification.channel] else {
                    throw DeliveryError("no channel named \(notification.channel)")
                }
                try await channel.deliver(notification)
                pending.removeAll { $0.id == notification.id }
                updated.lastError = nil
                updated.delivered = Date()
                sent.append(updated)
                delivered += 1
                Counter(label: "yuqing_alerts_total", dimensions: [("channel", notification.channel), ("outcome", "sent")]).increment()
                logger.info("alert delivered", metadata: ["channel": "\(notification.channel)", "rule": "\(notification.rule)", "key": "\(notification.id)"])
                continue
            } catch {
                updated.lastError = "\(error)"
                Counter(label: "yuqing_alerts_total", dimensions: [("channel", notification.channel), ("outcome", "failed")]).increment()
                let backoff = max(min(600, 5 * pow(2, Double(updated.attempts - 1))), (error as? DeliveryError)?.retryAfter ?? 0)
                updated.nextAttempt = now.addingTimeInterval(backoff * Double.random(in: 0.8...1.2))
                logger.warning("alert delivery failed, will retry", metadata: [
                    "channel": "\(notification.channel)", "attempt": "\(updated.attempts)", "error": "\(error)",
                    "retry_in_s": "\(Int(backoff))",
                ])
            }
            if updated.attempts >= maxAttempts || now.timeIntervalSince(updated.created) > maxAge {
                dead.append(updated)
                Counter(label: "yuqing_alerts_total", dimensions: [("channel", notification.channel), ("outcome", "dead")]).increment()
                pending.removeAll { $0.id == notification.id }
                logger.error("alert dead-lettered", metadata: ["channel": "\(notification.channel)", "key": "\(notification.id)"])
            } else if let index = pending.firstIndex(where: { $0.id == notification.id }) {
                pending[index] = updated
            }
        }
        if changed { persist(dead: dead, sent: sent) }
        return delivered
    }

    private func persist(dead: [Notification], sent: [Notification]) {
        do {
            if !dead.isEmpty { try deadFile.save((try deadFile.load() ?? []) + dead) }
            try file.save(pending)
            if !sent.isEmpty { try sentFile.save(Array((((try? sentFile.load()) ?? []) + sent).suffix(Self.sentKept))) }
        } catch {
            logger.error("cannot write outbox", metadata: ["error": "\(error)"])
        }
    }
}
