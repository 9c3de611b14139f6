import Alerting
import Engine

extension EngineSettings {
    /// The engine's settings from a validated configuration: topics, the rules that send
    /// to at least one of `channels`, and each channel's quiet hours and digest period.
    public init(config: Config, channels: Set<String>, silences: [Silence] = []) {
        var schedules: [String: ChannelSchedule] = [:]
        for channel in config.channels where channels.contains(channel.name) {
            let quiet = channel.quietHours.flatMap { QuietHours($0, timeZone: channel.quietTimeZone) }
            let digest = channel.digest.flatMap { DigestSchedule($0, timeZone: channel.quietTimeZone) }
            if quiet != nil || digest != nil { schedules[channel.name] = ChannelSchedule(quietHours: quiet, digest: digest) }
        }
        self.init(
            topics: config.topics, foldTraditional: config.foldTraditional,
            rules: AlertRules(config: config, channels: channels), schedules: schedules, silences: silences)
    }
}
