import Alerting
import ArgumentParser
import Daemon
import Foundation
import Transport

/// `yuqing test-alert CHANNEL`: sends one test message through a configured channel,
/// directly (not through the outbox), and reports the receiver's answer.
struct TestAlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-alert",
        abstract: "Send a test message through an alert channel and report the answer."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The channel name under alerts.channels.")
    var channel: String

    func run() async throws {
        let config = try options.loadOrExit()
        guard let configured = config.channels.first(where: { $0.name == channel }) else {
            let names = config.channels.map(\.name).joined(separator: ", ")
            throw ValidationError("no channel named \(channel); configured: \(names.isEmpty ? "none" : names)")
        }
        if let reason = configured.inertReason {
            FileHandle.standardError.write(Data("yuqing: 通道 \(channel) 未启用：\(reason)\n".utf8))
            throw ExitCode(1)
        }
        let client = try HTTPClient(maxConnections: 2, maxConnectionsPerHost: 1)
        defer { client.shutdown() }
        guard let target = ChannelFactory.make(configured, config: config, client: client) else { throw ExitCode(1) }
        let now = Date()
        let notification = Alerting.Notification(
            id: "test-" + UUID().uuidString.lowercased(), rule: "test-alert", channel: channel, created: now,
            title: "【测试】yuqing 告警通道测试",
            text: "说明: 这是一条测试消息，收到即表示通道 \(channel) 配置正确。\n时间: \(DisplayTime.string(now))\n主机: \(ProcessInfo.processInfo.hostName)",
            fields: ["test": "true"])
        do {
            try await target.deliver(notification)
            print("已送达：通道 \(channel)（\(configured.kind.rawValue)）接受了测试消息。")
        } catch {
            print("发送失败：\(error)")
            throw ExitCode(1)
        }
    }
}
