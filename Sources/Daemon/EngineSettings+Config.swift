import Alerting
import Engine

extension EngineSettings {
    /// The engine's settings from a validated configuration: topics, the rules that send
    /// to at least one of `channels`, and each channel's quiet hours and digest period.
    public init(config: Config, channels: Set<String>, silences: [Silence] = []) {
        var schedules: [String: ChannelSchedule] = [:]
        for channel in config.channels where channels.contains(channel.name) {
            if channel.quietHours != nil || channel.digest != nil {
                schedules[channel.name] = ChannelSchedule(quietHours: channel.quietHours, digest: channel.digest)
            }
        }
        self.init(
            topics: config.topics, foldTraditional: config.foldTraditional,
            rules: AlertRules(config: config, channels: channels), schedules: schedules, silences: silences)
        judgement = config.judgement
        sharedCounts = config.cluster != nil
        sourceRegions = Dictionary(config.sources.compactMap { source in source.region.map { (source.id, $0) } }, uniquingKeysWith: { first, _ in first })
        tiers = Dictionary(config.sources.compactMap { source in source.effectiveTier.map { (source.id, $0) } }, uniquingKeysWith: { first, _ in first })
    }
}
