import Alerting
import Analysis
import Foundation

/// What the engine decides with: topics, alert rules with their templates, the channels'
/// schedules and the active silences. Replaced as a whole on reload (silences whenever
/// their file changes); the engine's state (stories, series, spread, failing sources) stays.
public struct EngineSettings: Sendable {
    /// When a channel sends: its quiet hours and digest period.
    public struct ChannelSchedule: Sendable, Equatable {
        public var quietHours: QuietHours?
        public var digest: DigestSchedule?

        public init(quietHours: QuietHours? = nil, digest: DigestSchedule? = nil) {
            self.quietHours = quietHours
            self.digest = digest
        }
    }

    public var topics: [Topic]
    public var foldTraditional: Bool
    /// The sentiment lexicon and the home region judged with the topics.
    public var judgement = JudgementSettings()
    /// Each source's tier, by source id.
    public var tiers: [String: SourceTier] = [:]
    /// Where local sources are (`region:`), by source id: 我市 in their text means it.
    public var sourceRegions: [String: Int] = [:]
    public var rules: AlertRules
    public var schedules: [String: ChannelSchedule]
    public var silences: [Silence]
    /// New-story counts come from outside (cluster mode: the counts every node writes to
    /// PostgreSQL, through `Engine.adoptSharedCounts`); stored items then add none.
    public var sharedCounts = false

    public init(
        topics: [Topic], foldTraditional: Bool = true, rules: AlertRules = AlertRules(),
        schedules: [String: ChannelSchedule] = [:], silences: [Silence] = []
    ) {
        self.topics = topics
        self.foldTraditional = foldTraditional
        self.rules = rules
        self.schedules = schedules
        self.silences = silences
    }
}
