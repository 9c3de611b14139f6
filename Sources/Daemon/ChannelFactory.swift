import Alerting
import Logging
import Transport

/// Builds the alert channels a configuration describes. A channel whose URL, secret or
/// password is not set is left out (inert) with a warning that names where the value
/// was expected, never the value.
public enum ChannelFactory {
    /// `clock`: where signed channels read the time for their signatures.
    public static func channels(
        for config: Config, client: any HTTPTransport, logger: Logger, clock: any WallClock = SystemClock()
    ) -> [String: any Channel] {
        var channels: [String: any Channel] = [:]
        for channel in config.channels {
            if let reason = channel.inertReason {
                logger.warning("alert channel inert", metadata: ["channel": "\(channel.name)", "reason": "\(reason)"])
                continue
            }
            guard let built = make(channel, config: config, client: client, clock: clock) else { continue }
            channels[channel.name] = channel.quietHours == nil && channel.digest == nil
                ? built : ScheduledChannel(built, quietHours: channel.quietHours, digest: channel.digest)
        }
        return channels
    }

    /// One channel, or nil when it is inert.
    public static func make(
        _ channel: Config.Channel, config: Config, client: any HTTPTransport, clock: any WallClock = SystemClock()
    ) -> (any Channel)? {
        guard channel.inertReason == nil, let url = channel.url else { return nil }
        let policy = ConnectionPolicy(allowPrivateNetworks: config.allowPrivateNetworks, userAgent: config.userAgent ?? UserAgent.default)
        let rate = channel.ratePerMinute
        switch channel.endpoint {
        case .webhook(let headers):
            return WebhookChannel(
                name: channel.name, url: url, secret: channel.secret, headers: headers.sorted { $0.key < $1.key },
                ratePerMinute: rate, client: client, policy: policy, clock: clock)
        case .dingtalk:
            return DingTalkChannel(name: channel.name, url: url, secret: channel.secret, ratePerMinute: rate ?? 20, client: client, policy: policy, clock: clock)
        case .wecom:
            return WeComChannel(name: channel.name, url: url, ratePerMinute: rate ?? 20, client: client, policy: policy)
        case .feishu:
            return FeishuChannel(name: channel.name, url: url, secret: channel.secret, ratePerMinute: rate ?? 100, client: client, policy: policy, clock: clock)
        case .slack:
            return SlackChannel(name: channel.name, url: url, ratePerMinute: rate ?? 60, client: client, policy: policy)
        case .email(let email):
            let settings = SMTPSettings(
                url: url, username: email.username, password: email.password, requireTLS: email.requireTLS,
                caFile: email.caFile, insecure: email.insecure)
            return EmailChannel(name: channel.name, settings: settings, from: email.from, to: email.to, ratePerMinute: rate)
        }
    }
}
