import Alerting
import Foundation
import Storage

/// The latest ranks of every hot list, which (rule, entry, event) have fired while the
/// entry stayed on its list, and which lists each story stands on: the state of `hot` rules.
struct HotListTracker: Sendable {
    /// Per source: entry id → rank at the last poll.
    private var ranks: [String: [String: Int]] = [:]
    /// Per source: the stories of its entries at the last poll.
    private var storiesBySource: [String: Set<String>] = [:]
    /// What has fired: an entry's event on one list, or a story on several lists (`source`
    /// nil, `entry` the story).
    private struct Fired: Hashable {
        var rule: String
        var source: String?
        var entry: String
        var event: HotAlertRule.Event
    }

    private var fired = Set<Fired>()

    /// One judged entry: its snapshot entry, the topic it matches, its story.
    struct Entry {
        var entry: HotSnapshot.Entry
        var topics: [String]
        var story: String
        /// The divisions the entry's title names.
        var regions: [Int] = []
    }

    /// Takes a poll of `source`; returns what the rules announce. With `quiet`, the state
    /// is taken without announcing (a restart reading back the last polls).
    mutating func observe(source: String, entries: [Entry], rules: [HotAlertRule], now: Date, quiet: Bool = false) -> [Alerting.Notification] {
        let previous = ranks[source] ?? [:]
        ranks[source] = Dictionary(entries.map { ($0.entry.id, $0.entry.rank) }, uniquingKeysWith: min)
        storiesBySource[source] = Set(entries.map(\.story))
        // Entries that left the list may fire again when they return.
        let present = Set(entries.map(\.entry.id))
        fired = fired.filter { $0.source != source || present.contains($0.entry) }
        var notifications: [Alerting.Notification] = []
        for rule in rules where rule.applies(toSource: source) {
            for judged in entries {
                guard let (topic, place) = rule.concern(topics: judged.topics, places: judged.regions) else { continue }
                let before = previous[judged.entry.id]
                if let event = rule.event(rank: judged.entry.rank, previous: before),
                    fired.insert(Fired(rule: rule.name, source: source, entry: judged.entry.id, event: event)).inserted, !quiet
                {
                    notifications += rule.notifications(
                        event: event, entry: judged.entry, source: source, previous: before, topic: topic, sources: [source], now: now,
                        place: place)
                }
                if let platforms = rule.platforms {
                    let lists = storiesBySource.filter { $0.value.contains(judged.story) }.map(\.key).sorted()
                    let key = Fired(rule: rule.name, source: nil, entry: judged.story, event: .platforms)
                    if lists.count < platforms {
                        fired.remove(key)
                    } else if fired.insert(key).inserted, !quiet {
                        notifications += rule.notifications(
                            event: .platforms, entry: judged.entry, source: source, previous: before, topic: topic, sources: lists, now: now,
                            place: place)
                    }
                }
            }
        }
        return notifications
    }
}
