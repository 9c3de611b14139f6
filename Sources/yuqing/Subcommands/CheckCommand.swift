import ArgumentParser
import Daemon
import Foundation

/// `yuqing check`: validates a configuration without running anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file; exit status 2 when it has errors."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.loadOrExit()
        print("\(options.config): 配置有效 (configuration OK)")
        print("  信息源 sources: \(config.sources.count)   话题 topics: \(config.topics.count)   告警规则 rules: \(config.rules.count)")
        print("  数据目录 data: \(config.dataDirectory)")
        for channel in config.channels {
            guard let reason = channel.inertReason else { continue }
            print("  注意: 告警通道 \(channel.name) 未启用 (\(reason))")
        }
        if let reason = config.web?.inertReason { print("  注意: 网页视图未启用 (\(reason))") }
        let inlineSecrets = config.channels.filter { $0.urlOrigin == "url" }.map(\.name)
        if !inlineSecrets.isEmpty, let mode = (try? FileManager.default.attributesOfItem(atPath: options.config))?[.posixPermissions] as? Int,
            mode & 0o004 != 0
        {
            print("  警告: \(options.config) is readable by every user but holds the URL (a secret token) of \(inlineSecrets.joined(separator: ", ")); "
                + "use url_env or url_credential, or chmod o-r \(options.config)")
        }
    }
}
