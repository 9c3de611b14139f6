import Alerting
import Analysis
import Foundation
import Storage
import Testing
import YuqingTesting

@testable import Engine

/// Cluster mode: a spread rule counts the sources every node stored for a story, handed to
/// the engine as `adoptSharedSpread`; a story no node sees on enough sources alone still
/// fires once, and only stories that can still fire are asked about.
struct SharedSpreadTests {
    static let rule = SpreadAlertRule(name: "扩散", minSources: 3, within: 3600, topics: ["汛情"], channels: ["hook"])

    func engine() -> Engine {
        Engine(settings: EngineSettings(topics: [Topic(name: "汛情", any: ["暴雨"])], rules: AlertRules(spreads: [Self.rule])))
    }

    @Test func otherNodesSourcesCompleteASpread() throws {
        var engine = engine()
        let now = ItemFactory.epoch
        let stored = engine.ingest([ItemFactory.item("a1", source: "s1", title: "暴雨致多地积水", at: now)], at: now)
        #expect(stored.decisions.isEmpty)
        let story = try #require(stored.store.first?.story)
        #expect(engine.spreadCandidates(at: now) == [story])

        // Another node's one source: not yet three.
        var decisions = engine.adoptSharedSpread([story: ["s1": now, "s7": now.addingTimeInterval(30)]], at: now.addingTimeInterval(60))
        #expect(decisions.isEmpty)
        decisions = engine.adoptSharedSpread(
            [story: ["s1": now, "s7": now.addingTimeInterval(30), "s9": now.addingTimeInterval(90)], "unknown": ["s2": now]],
            at: now.addingTimeInterval(120))
        #expect(decisions.count == 1)
        let note = try #require(decisions.first?.notification)
        #expect(note.fields["kind"] == "spread" && note.fields["story"] == story)
        #expect(note.text.contains("s1、s7、s9"), "\(note.text)")
        // Fired: asked about no more, and the same sources again decide nothing.
        #expect(engine.spreadCandidates(at: now.addingTimeInterval(120)) == [])
        #expect(engine.adoptSharedSpread([story: ["s10": now.addingTimeInterval(100)]], at: now.addingTimeInterval(130)).isEmpty)
    }

    @Test func onlyStoriesThatCanStillFireAreAsked() {
        var engine = engine()
        let now = ItemFactory.epoch
        _ = engine.ingest([ItemFactory.item("x", source: "s1", title: "市民文化节开幕", at: now)], at: now)
        #expect(engine.spreadCandidates(at: now) == [], "no rule's topic")
        let old = engine.ingest([ItemFactory.item("o", source: "s1", title: "暴雨过后清淤", at: now)], at: now).store
        #expect(engine.spreadCandidates(at: now.addingTimeInterval(3601)) == [], "outside every rule's window: \(old.map(\.story))")
        #expect(Engine(settings: EngineSettings(topics: [])).spreadCandidates(at: now) == nil, "no spread rules: nothing asked")
    }
}
