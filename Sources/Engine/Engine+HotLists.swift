import Alerting
import Analysis
import Foundation
import Storage

extension Engine {
    /// A poll of a hot list (every entry with its rank, whether new or seen): the `hot`
    /// rules' decisions. Entries are matched against the topics by their titles and joined
    /// to stories by SimHash, so one event on several lists is one story.
    public mutating func observeList(_ snapshot: HotSnapshot, at now: Date) -> [Decision] {
        decide(hotLists.observe(source: snapshot.source, entries: judge(snapshot), rules: settings.rules.hots, now: now), at: now)
    }

    /// Takes the last polls read back at start-up, announcing nothing.
    public mutating func restoreList(_ snapshot: HotSnapshot) {
        _ = hotLists.observe(source: snapshot.source, entries: judge(snapshot), rules: settings.rules.hots, now: snapshot.time, quiet: true)
    }

    private func judge(_ snapshot: HotSnapshot) -> [HotListTracker.Entry] {
        snapshot.entries.map { entry in
            let text = scorer.match(title: entry.title, summary: "", source: snapshot.source)
            let topics = scorer.score(text).map(\.topic)
            let fingerprint = SimHash.fingerprint(title: entry.title, summary: "")
            let story = stories.story(near: fingerprint) ?? "hot:" + String(fingerprint, radix: 16)
            return HotListTracker.Entry(entry: entry, topics: topics, story: story, regions: scorer.judge(text, evidence: false).regions)
        }
    }
}
