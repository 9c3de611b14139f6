import Analysis
import Foundation
import Queries
import Storage

/// What `ReportBuilder` counts while it reads records: per period, per topic, per story,
/// per source and per region. Records fetched outside the report's two periods, or (in a
/// 专报) without one of its topics, are passed over.
struct ReportTally {
    let period: ReportPeriod
    let topicFilter: Set<String>
    let homeRegion: Int?
    private let gazetteer = RegionGazetteer.standard

    private struct Counts {
        var items = 0
        var stories = 0
        var negative = 0
        var sources = Set<String>()
    }

    private struct TopicCounts {
        var stories = 0
        var previousStories = 0
        var items = 0
        var negative = 0
        var bars: [Int]
        var previousBars: [Int]
    }

    private struct StoryCounts {
        var title: String
        var url: String?
        var topic: (name: String, score: Int)?
        var sentiment: Sentiment?
        var items = 0
        var hops: [Report.Hop] = []
        /// Where each source's hop is in `hops`.
        var hopIndex: [String: Int] = [:]

        /// Counts `item` in: its source's earliest item is that source's hop.
        mutating func add(_ item: StoredItem, opens: Bool) {
            items += 1
            if opens { (title, url, sentiment) = (item.title, item.url, item.sentiment) }
            if let best = item.topics.max(by: { $0.score < $1.score }), best.score > (topic?.score ?? -1) {
                topic = (best.topic, best.score)
            }
            if let index = hopIndex[item.source] {
                if item.fetched < hops[index].time { hops[index] = Report.Hop(source: item.source, time: item.fetched, title: item.title, url: item.url) }
            } else {
                hopIndex[item.source] = hops.count
                hops.append(Report.Hop(source: item.source, time: item.fetched, title: item.title, url: item.url))
            }
        }
    }

    private var current = Counts()
    private var previous = Counts()
    private var judged = false
    private var seenStories = Set<String>()
    private var topicCounts: [String: TopicCounts] = [:]
    private var stories: [String: StoryCounts] = [:]
    private var sourceItems: [String: Int] = [:]
    private var regionCounts: [Int: (items: Int, negative: Int)] = [:]
    private var currentTitles: [String] = []
    private var previousTitles: [String] = []

    init(period: ReportPeriod, topicFilter: [String], homeRegion: Int?) {
        self.period = period
        self.topicFilter = Set(topicFilter)
        self.homeRegion = homeRegion
    }

    mutating func add(_ item: StoredItem) {
        let time = item.fetched
        guard time >= period.previousStart, time < period.end else { return }
        guard topicFilter.isEmpty || item.topics.contains(where: { topicFilter.contains($0.topic) }) else { return }
        let isCurrent = time >= period.start
        let opens = item.countsAsNewStory ?? !seenStories.contains(item.story)
        seenStories.insert(item.story)
        let negative = item.sentiment == .negative
        if item.sentiment != nil { judged = true }
        let topics = item.topics.map(\.topic).filter { topicFilter.isEmpty || topicFilter.contains($0) }
        let bar = isCurrent ? period.bar(of: time) : period.bar(of: time.addingTimeInterval(period.seconds))
        for topic in topics {
            var counts = topicCounts[topic] ?? TopicCounts(bars: Array(repeating: 0, count: period.barCount), previousBars: Array(repeating: 0, count: period.barCount))
            if isCurrent {
                counts.items += 1
                if opens {
                    counts.stories += 1
                    if negative { counts.negative += 1 }
                    if counts.bars.indices.contains(bar) { counts.bars[bar] += 1 }
                }
            } else if opens {
                counts.previousStories += 1
                if counts.previousBars.indices.contains(bar) { counts.previousBars[bar] += 1 }
            }
            topicCounts[topic] = counts
        }
        guard isCurrent else {
            previous.items += 1
            previous.sources.insert(item.source)
            if opens {
                previous.stories += 1
                if negative { previous.negative += 1 }
                previousTitles.append(item.title)
            }
            return
        }
        current.items += 1
        current.sources.insert(item.source)
        sourceItems[item.source, default: 0] += 1
        if opens {
            current.stories += 1
            if negative { current.negative += 1 }
            currentTitles.append(item.title)
        }
        addToStory(item, opens: opens)
        for code in Set((item.regions ?? []).map(shownRegion)) {
            let counts = regionCounts[code] ?? (0, 0)
            regionCounts[code] = (counts.items + 1, counts.negative + (negative ? 1 : 0))
        }
    }

    /// In place: a story's hops are not copied for each of its items.
    private mutating func addToStory(_ item: StoredItem, opens: Bool) {
        stories[item.story, default: StoryCounts(title: item.title, url: item.url, sentiment: item.sentiment)].add(item, opens: opens)
    }

    /// The division a place is counted under: one level below the home region for places
    /// inside it (districts of the home city), else the prefecture (or the place itself).
    private func shownRegion(_ code: Int) -> Int {
        if let homeRegion, gazetteer.contains(homeRegion, code), let home = gazetteer.division(homeRegion) {
            return gazetteer.enclosing(code, atLevel: home.level.rawValue + 1) ?? code
        }
        return gazetteer.enclosing(code, atLevel: 2) ?? code
    }

    func report(
        title: String, topics configured: [String], health: [SourceHealthQuery.Row], alerts: [AlertQuery.Row], generated: Date,
        zone: TimeZone, storyLimit: Int
    ) -> Report {
        let alertRows = Self.alertRows(alerts)
        let currentAlerts = alertRows.filter { $0.time >= period.start }
        let overview = Report.Overview(
            items: .init(current: current.items, previous: previous.items),
            stories: .init(current: current.stories, previous: previous.stories),
            negativeStories: judged ? .init(current: current.negative, previous: previous.negative) : nil,
            activeSources: .init(current: current.sources.count, previous: previous.sources.count),
            alerts: .init(current: currentAlerts.count, previous: alertRows.count - currentAlerts.count))
        var names = configured.filter { topicFilter.isEmpty || topicFilter.contains($0) }
        names += topicCounts.keys.filter { !names.contains($0) }.sorted()
        let sections = names.map { name -> Report.TopicSection in
            let counts = topicCounts[name] ?? TopicCounts(bars: Array(repeating: 0, count: period.barCount), previousBars: Array(repeating: 0, count: period.barCount))
            return Report.TopicSection(
                name: name, stories: .init(current: counts.stories, previous: counts.previousStories), items: counts.items,
                negativeStories: judged ? counts.negative : nil, bars: counts.bars, previousBars: counts.previousBars)
        }
        let sourceNames = Dictionary(health.map { ($0.source.id, $0.source.name) }, uniquingKeysWith: { first, _ in first })
        // Ranked on a light key (sources, items, earliest carrying source; then the story id,
        // so equal stories keep one order) and only the stories shown are built: a month's
        // report sorted every story's whole path before.
        let ranked = stories.map { key, story in
            (key: key, sources: story.hops.count, items: story.items, first: story.hops.map(\.time).min() ?? .distantPast)
        }.sorted { ($0.sources, $0.items, $0.first, $1.key) > ($1.sources, $1.items, $1.first, $0.key) }
        let top = ranked.prefix(storyLimit).compactMap { entry -> Report.StoryPath? in
            guard let story = stories[entry.key] else { return nil }
            return Report.StoryPath(
                story: entry.key, title: story.title, url: story.url, topic: story.topic?.name, sentiment: story.sentiment, items: story.items,
                hops: story.hops.sorted { $0.time < $1.time }.map { hop -> Report.Hop in
                    var named = hop
                    named.source = sourceNames[hop.source] ?? hop.source
                    return named
                })
        }
        let regions = regionCounts.compactMap { code, counts -> Report.RegionRow? in
            guard let division = gazetteer.division(code) else { return nil }
            return Report.RegionRow(code: code, name: division.name, items: counts.items, negative: counts.negative)
        }.sorted { ($0.items, $0.negative, -$0.code) > ($1.items, $1.negative, -$1.code) }
        let sources = health.map { row in
            Report.SourceRow(
                id: row.source.id, name: row.source.name, tier: row.source.tier, health: row.health.label,
                failing: row.health == .failing || row.health == .failingLong, items: sourceItems[row.source.id] ?? 0,
                lastSuccess: row.state?.lastSuccess, failures: row.state?.consecutiveFailures ?? 0, error: row.state?.lastError)
        }
        return Report(
            title: title, topicFilter: topicFilter.sorted(), period: period, generated: generated, zone: zone, overview: overview,
            topics: sections, regions: judged ? Array(regions.prefix(15)) : [], stories: top,
            emerging: Array(EmergingTerms().find(current: currentTitles, baseline: previousTitles).prefix(15)), sources: sources,
            alerts: currentAlerts)
    }

    /// One row per alert: the same notification sent to several channels is one alert.
    static func alertRows(_ rows: [AlertQuery.Row]) -> [Report.AlertRow] {
        var merged: [String: Report.AlertRow] = [:]
        var order: [String] = []
        let rank: [AlertQuery.State: Int] = [.sent: 3, .pending: 2, .silenced: 1, .dead: 0]
        for row in rows.sorted(by: { $0.notification.created < $1.notification.created }) {
            let n = row.notification
            let key = "\(n.rule)\u{1F}\(n.title)\u{1F}\(n.created.timeIntervalSince1970)"
            if var existing = merged[key] {
                if !existing.channels.contains(n.channel) { existing.channels.append(n.channel) }
                if (rank[row.state] ?? 0) > (rank[AlertQuery.State.allCases.first { $0.label == existing.state } ?? .dead] ?? 0) {
                    existing.state = row.state.label
                }
                merged[key] = existing
            } else {
                merged[key] = Report.AlertRow(time: n.created, rule: n.rule, title: n.title, channels: [n.channel], state: row.state.label)
                order.append(key)
            }
        }
        return order.compactMap { merged[$0] }.reversed()
    }
}
