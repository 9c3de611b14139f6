import Alerting
import Analysis
import Foundation
import Storage

/// The configured alert rules, by kind, with the state spread alerts need: every recent
/// story's sources (rebuilt from the segments at start-up) and the stories already
/// announced.
struct AlertRules {
    var items: [ItemAlertRule] = []
    var spreads: [SpreadAlertRule] = []
    var sources: [SourceAlertRule] = []
    var trends: [TrendAlertRule] = []
    /// Rules' own message templates, by rule name.
    var templates: [String: MessageTemplate] = [:]

    init(config: Config, channels: Set<String>) {
        for rule in config.rules {
            if rule.templateTitle != nil || rule.templateText != nil {
                templates[rule.name] = try? MessageTemplate(title: rule.templateTitle, text: rule.templateText)
            }
            let send = rule.channels.filter(channels.contains)
            switch rule.kind {
            case .item:
                items.append(ItemAlertRule(
                    name: rule.name, minScore: rule.minScore, topics: rule.topics, sources: rule.sources, channels: send,
                    groupWait: rule.groupWait, groupInterval: rule.groupInterval))
            case .spread:
                spreads.append(SpreadAlertRule(
                    name: rule.name, minSources: rule.minSources, within: rule.within, minScore: rule.minScore,
                    topics: rule.topics, channels: send))
            case .source:
                sources.append(SourceAlertRule(name: rule.name, failingFor: rule.failingFor, sources: rule.sources, channels: send))
            case .trend:
                trends.append(TrendAlertRule(
                    name: rule.name, directions: Set(rule.directions.compactMap(TrendSignal.Direction.init(rawValue:))),
                    minScore: rule.trendScore, minCount: rule.minCount, topics: rule.topics, channels: send,
                    repeatInterval: rule.repeatInterval))
            }
        }
    }

    /// `notifications` in their rules' own wording, where a rule has a template.
    func worded(_ notifications: [Alerting.Notification]) -> [Alerting.Notification] {
        guard !templates.isEmpty else { return notifications }
        return notifications.map { templates[$0.rule]?.apply(to: $0) ?? $0 }
    }

    /// The longest span any spread rule looks back.
    var spreadHorizon: TimeInterval { spreads.map(\.within).max() ?? 0 }
}

/// Recent stories' spread, and which (rule, story) pairs have fired.
struct SpreadTracker {
    private(set) var stories: [String: StorySpread] = [:]
    private var fired = Set<String>()

    /// Adds stored items; returns the notifications of spread rules that now hold for the
    /// first time.
    mutating func add(_ items: [StoredItem], rules: [SpreadAlertRule], now: Date) -> [Alerting.Notification] {
        guard !rules.isEmpty else { return [] }
        var touched = Set<String>()
        for item in items {
            stories[item.story, default: StorySpread(item: item)].add(item)
            touched.insert(item.story)
        }
        var notifications: [Alerting.Notification] = []
        for story in touched.sorted() {
            guard let spread = stories[story] else { continue }
            for rule in rules where !fired.contains(rule.name + "|" + story) && rule.holds(for: spread, now: now) {
                fired.insert(rule.name + "|" + story)
                notifications += rule.notifications(for: spread, now: now)
            }
        }
        return notifications
    }

    /// Rebuilds from the stored items of the last `horizon` seconds; stories that already
    /// met a rule count as announced, so a restart does not announce them again.
    mutating func rebuild(dataDirectory: String, rules: [SpreadAlertRule], now: Date) throws {
        stories = [:]
        fired = []
        let horizon = rules.map(\.within).max() ?? 0
        guard horizon > 0 else { return }
        let cutoff = now.addingTimeInterval(-horizon)
        try SegmentReader(dataDirectory: dataDirectory).forEach(since: cutoff) { item in
            guard item.fetched >= cutoff else { return }
            stories[item.story, default: StorySpread(item: item)].add(item)
        }
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
