import Foundation
import Logging
import Storage

/// The durable queue of notifications, `<data>/state/outbox.json`.
///
/// A notification is persisted before its first delivery attempt and removed only after a
/// channel accepted it. Failed attempts are retried with exponential backoff and jitter
/// (5 s doubling to at most 10 min); after `maxAttempts` a notification moves to
/// `<data>/state/dead-letter.json`, where it stays visible. A restart resumes pending ones.
public actor Outbox {
    private let file: StateFile<[Notification]>
    private let deadFile: StateFile<[Notification]>
    private var pending: [Notification]
    private let maxAttempts: Int
    private let logger: Logger

    public init(dataDirectory: String, maxAttempts: Int = 12, logger: Logger) throws {
        file = StateFile(path: dataDirectory + "/state/outbox.json")
        deadFile = StateFile(path: dataDirectory + "/state/dead-letter.json")
        pending = try file.load() ?? []
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public var count: Int { pending.count }

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
        for notification in pending where notification.nextAttempt <= now {
            var updated = notification
            updated.attempts += 1
            changed = true
            do {
                guard let channel = channels[notification.channel] else {
                    throw DeliveryError(description: "no channel named \(notification.channel)")
                }
                try await channel.deliver(notification)
                pending.removeAll { $0.id == notification.id }
                delivered += 1
                logger.info("alert delivered", metadata: ["channel": "\(notification.channel)", "rule": "\(notification.rule)", "key": "\(notification.id)"])
                continue
            } catch {
                updated.lastError = "\(error)"
                let backoff = min(600, 5 * pow(2, Double(updated.attempts - 1)))
                updated.nextAttempt = now.addingTimeInterval(backoff * Double.random(in: 0.8...1.2))
                logger.warning("alert delivery failed, will retry", metadata: [
                    "channel": "\(notification.channel)", "attempt": "\(updated.attempts)", "error": "\(error)",
                    "retry_in_s": "\(Int(backoff))",
                ])
            }
            if updated.attempts >= maxAttempts {
                dead.append(updated)
                pending.removeAll { $0.id == notification.id }
                logger.error("alert dead-lettered", metadata: ["channel": "\(notification.channel)", "key": "\(notification.id)"])
            } else if let index = pending.firstIndex(where: { $0.id == notification.id }) {
                pending[index] = updated
            }
        }
        if changed { persist(dead: dead) }
        return delivered
    }

    private func persist(dead: [Notification]) {
        do {
            if !dead.isEmpty { try deadFile.save((try deadFile.load() ?? []) + dead) }
            try file.save(pending)
        } catch {
            logger.error("cannot write outbox", metadata: ["error": "\(error)"])
        }
    }
}
