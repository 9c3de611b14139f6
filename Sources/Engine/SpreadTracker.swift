import Alerting
import Foundation
import Storage

/// Recent stories' spread, and which (rule, story) pairs have fired.
struct SpreadTracker {
    private(set) var stories: [String: StorySpread] = [:]
    private var fired = Set<String>()

    /// Adds stored items; returns the notifications of spread rules that now hold for the
    /// first time. Stories are tracked without spread rules too: an item alert's severity
    /// counts the sources carrying its story.
    mutating func add(_ items: [StoredItem], rules: [SpreadAlertRule], now: Date) -> [Alerting.Notification] {
        var touched = Set<String>()
        for item in items {
            stories[item.story, default: StorySpread(item: item)].add(item)
            touched.insert(item.story)
        }
        return fire(touched.sorted(), rules: rules, now: now)
    }

    /// The notifications of rules that now hold for `touched` and have not fired for them.
    private mutating func fire(_ touched: [String], rules: [SpreadAlertRule], now: Date) -> [Alerting.Notification] {
        var notifications: [Alerting.Notification] = []
        for story in touched {
            guard let spread = stories[story] else { continue }
            for rule in rules where !fired.contains(rule.name + "|" + story) && rule.holds(for: spread, now: now) {
                fired.insert(rule.name + "|" + story)
                notifications += rule.notifications(for: spread, now: now)
            }
        }
        return notifications
    }

    /// Cluster mode: the stories a spread rule could still fire on — within the longest
    /// rule's window, matching some rule's topics and score, not yet announced by every rule.
    func candidates(rules: [SpreadAlertRule], now: Date) -> [String] {
        guard let window = rules.map(\.within).max() else { return [] }
        let cutoff = now.addingTimeInterval(-window)
        return stories.compactMap { story, spread in
            let open = rules.contains { rule in
                !fired.contains(rule.name + "|" + story) && spread.score >= rule.minScore
                    && (rule.topics.isEmpty || spread.topic.map(rule.topics.contains) == true)
            }
            return open && spread.sources.values.contains { $0 >= cutoff } ? story : nil
        }.sorted()
    }

    /// Cluster mode: adds the sources other nodes stored for this node's stories (story →
    /// source → first seen); returns the notifications of spread rules that now hold.
    mutating func merge(_ foreign: [String: [String: Date]], rules: [SpreadAlertRule], now: Date) -> [Alerting.Notification] {
        var touched: [String] = []
        for (story, sources) in foreign.sorted(by: { $0.key < $1.key }) {
            guard var spread = stories[story] else { continue }
            let before = spread.sources
            spread.sources.merge(sources) { min($0, $1) }
            guard spread.sources != before else { continue }
            stories[story] = spread
            touched.append(story)
        }
        return fire(touched, rules: rules, now: now)
    }

    /// The number of sources known to carry `story`.
    func sourceCount(_ story: String) -> Int { stories[story]?.sources.count ?? 1 }

    /// Starts over (before a rebuild).
    mutating func reset() {
        stories = [:]
        fired = []
    }

    /// Takes one stored item while rebuilding.
    mutating func restore(_ item: StoredItem) {
        stories[item.story, default: StorySpread(item: item)].add(item)
    }

    /// After a rebuild: stories that already met a rule count as announced, so a restart
    /// does not announce them again.
    mutating func markAnnounced(rules: [SpreadAlertRule], now: Date) {
        for (story, spread) in stories {
            for rule in rules where rule.holds(for: spread, now: now) { fired.insert(rule.name + "|" + story) }
        }
    }

    /// Forgets stories with no source within `horizon`.
    mutating func compact(horizon: TimeInterval, now: Date) {
        let cutoff = now.addingTimeInterval(-horizon)
        stories = stories.filter { $0.value.sources.values.contains { $0 >= cutoff } }
        fired = fired.filter { key in stories[String(key.split(separator: "|").last ?? "")] != nil }
    }
}
