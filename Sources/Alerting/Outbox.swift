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
/// The last 500 delivered notifications are kept in `<data>/state/sent.json`, and every one
/// in the alert log (`AlertLog`, `<data>/alerts/`).
public actor Outbox {
    public static let sentKept = 500
    private let file: StateFile<[Notification]>
    private let deadFile: StateFile<[Notification]>
    private let sentFile: StateFile<[Notification]>
    private var pending: [Notification]
    private let maxAttempts: Int
    private let maxAge: TimeInterval
    private var buckets: [String: TokenBucket] = [:]
    /// When each batch key last sent a message (kept in memory: after a restart a group
    /// may send its next message up to one `groupInterval` early).
    private var groupLastSent: [String: Date] = [:]
    private let logger: Logger

    /// The data directory this outbox keeps its files in.
    public let directory: String

    public init(dataDirectory: String, maxAttempts: Int = 12, maxAge: TimeInterval = 86400, logger: Logger) throws {
        directory = dataDirectory
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
    ///
    /// In order: notifications matched by an active silence are dropped (recorded as
    /// silenced); the rest are batched by channel and group; a batch waits while its
    /// channel is in quiet hours, while its group's `groupInterval` since the last message
    /// has not passed, and while the channel's rate limit has no token; otherwise it goes
    /// out as one message, and every member succeeds or fails with it.
    @discardableResult
    public func deliverDue(now: Date, channels: [String: any Channel], silences: [Silence] = []) async -> Int {
        var delivered = 0
        var changed = false
        var dead: [Notification] = []
        var sent: [Notification] = []
        for notification in pending {
            guard let silence = silences.first(where: {
                ($0.isActive(at: now) || $0.isActive(at: notification.created)) && $0.matches(notification)
            }) else { continue }
            var silenced = notification
            silenced.silencedBy = silence.id
            sent.append(silenced)
            pending.removeAll { $0.id == notification.id }
            changed = true
            logger.info("alert silenced", metadata: ["channel": "\(notification.channel)", "silence": "\(silence.id)", "key": "\(notification.id)"])
        }
        // Digest channels: each notification waits for the end of its period.
        var digests: [String: DigestSchedule] = [:]
        for (name, channel) in channels { if let digest = channel.digest { digests[name] = digest } }
        for index in pending.indices where pending[index].nextAttempt <= now {
            guard let digest = digests[pending[index].channel] else { continue }
            let boundary = digest.next(after: pending[index].created)
            if now < boundary { pending[index].nextAttempt = boundary }
        }
        for batch in AlertBatch.batches(of: pending.filter { $0.nextAttempt <= now }, digests: digests) {
            let first = batch.members[0]
            if let channel = channels[first.channel] {
                if let quiet = channel.quietHours, let end = quiet.end(containing: now) {
                    postpone(batch, until: end)
                    continue
                }
                if let interval = first.groupInterval, let last = groupLastSent[batch.key], now < last.addingTimeInterval(interval) {
                    postpone(batch, until: last.addingTimeInterval(interval))
                    continue
                }
                if let rate = channel.ratePerMinute {
                    var bucket = buckets[channel.name] ?? TokenBucket(perMinute: rate)
                    defer { buckets[channel.name] = bucket }
                    if !bucket.take(now: now) {
                        postpone(batch, until: now.addingTimeInterval(bucket.wait(now: now)))
                        continue
                    }
                }
            }
            changed = true
            let message = batch.message
            do {
                guard let channel = channels[first.channel] else {
                    throw DeliveryError("no channel named \(first.channel)")
                }
                try await channel.deliver(message)
                groupLastSent[batch.key] = now
                for member in batch.members {
                    pending.removeAll { $0.id == member.id }
                    var done = member
                    done.attempts += 1
                    done.lastError = nil
                    done.delivered = now
                    sent.append(done)
                }
                delivered += batch.members.count
                Counter(label: "yuqing_alerts_total", dimensions: [("channel", first.channel), ("outcome", "sent")]).increment(by: batch.members.count)
                logger.info("alert delivered", metadata: [
                    "channel": "\(first.channel)", "rule": "\(first.rule)", "key": "\(message.id)", "items": "\(batch.members.count)",
                ])
            } catch {
                Counter(label: "yuqing_alerts_total", dimensions: [("channel", first.channel), ("outcome", "failed")]).increment()
                for member in batch.members {
                    var updated = member
                    updated.attempts += 1
                    updated.lastError = "\(error)"
                    updated.nextAttempt = Self.retryTime(after: now, failedAttempts: updated.attempts, error: error)
                    if updated.attempts >= maxAttempts || now.timeIntervalSince(updated.created) > maxAge {
                        dead.append(updated)
                        pending.removeAll { $0.id == member.id }
                        Counter(label: "yuqing_alerts_total", dimensions: [("channel", first.channel), ("outcome", "dead")]).increment()
                        logger.error("alert dead-lettered", metadata: ["channel": "\(first.channel)", "key": "\(member.id)", "error": "\(error)"])
                    } else if let index = pending.firstIndex(where: { $0.id == member.id }) {
                        pending[index] = updated
                    }
                }
                logger.warning("alert delivery failed, will retry", metadata: [
                    "channel": "\(first.channel)", "attempt": "\(first.attempts + 1)", "error": "\(error)", "items": "\(batch.members.count)",
                ])
            }
        }
        if changed { persist(dead: dead, sent: sent) }
        return delivered
    }

    /// When a notification that failed `failedAttempts` times (this one included) is tried
    /// again: 5 s doubling up to 10 minutes, at least what the receiver asked (Retry-After),
    /// ±20 % so that many failures do not return together. The shared outbox of cluster
    /// mode retries by the same rule.
    public static func retryTime(after now: Date, failedAttempts: Int, error: any Error) -> Date {
        let backoff = max(min(600, 5 * pow(2, Double(failedAttempts - 1))), (error as? DeliveryError)?.retryAfter ?? 0)
        return now.addingTimeInterval(backoff * Double.random(in: 0.8...1.2))
    }

    /// Records notifications that were decided but not sent — folded into an active trend
    /// alert (`silencedBy` is `inhibited:trend:…`) or silenced — where `yuqing alerts` shows them.
    public func record(_ notifications: [Notification]) {
        guard !notifications.isEmpty else { return }
        persist(dead: [], sent: notifications)
    }

    /// Holds a batch back without counting an attempt.
    private func postpone(_ batch: AlertBatch, until date: Date) {
        for member in batch.members {
            if let index = pending.firstIndex(where: { $0.id == member.id }) { pending[index].nextAttempt = max(pending[index].nextAttempt, date) }
        }
    }

    private func persist(dead: [Notification], sent: [Notification]) {
        do {
            if !dead.isEmpty { try deadFile.save((try deadFile.load() ?? []) + dead) }
            try file.save(pending)
            if !sent.isEmpty { try sentFile.save(Array((((try? sentFile.load()) ?? []) + sent).suffix(Self.sentKept))) }
        } catch {
            logger.error("cannot write outbox", metadata: ["error": "\(error)"])
        }
        do {
            try AlertLog(dataDirectory: directory).append(sent)
        } catch {
            logger.error("cannot append to the alert log; reports may count fewer alerts", metadata: ["error": "\(error)"])
        }
    }
}
