import Alerting
import ArgumentParser
import Daemon
import Foundation
import Queries

/// `yuqing silence add|list|expire`: silences, kept in `<data>/state/silences.json`, which the
/// daemon reads before every delivery round (no reload needed).
struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Silence alerts for a while (by topic, rule, channel or source).",
        subcommands: [Add.self, List.self, Expire.self],
        defaultSubcommand: List.self
    )

    static func load(_ config: Config) throws -> [Silence] {
        try Silence.file(dataDirectory: config.dataDirectory).load() ?? []
    }

    static func save(_ silences: [Silence], _ config: Config) throws {
        try Silence.file(dataDirectory: config.dataDirectory).save(silences)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a silence.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "Only alerts about this topic.") var topic: String?
        @Option(help: "Only alerts of this rule.") var rule: String?
        @Option(help: "Only alerts to this channel.") var channel: String?
        @Option(help: "Only alerts about this source.") var source: String?
        @Option(name: .customLong("for"), help: "How long (e.g. 30m, 2h, 1d).") var duration: String
        @Option(help: "Why (shown by silence list).") var comment: String

        func validate() throws {
            guard topic != nil || rule != nil || channel != nil || source != nil else {
                throw ValidationError("give at least one of --topic, --rule, --channel, --source")
            }
            guard Span.seconds(duration) != nil else { throw ValidationError("--for: expected a span such as 30m, 2h, 1d") }
        }

        func run() throws {
            let config = try options.loadOrExit()
            if let topic, !config.topics.contains(where: { $0.name == topic }) { throw ValidationError("no topic named \(topic)") }
            if let rule, !config.rules.contains(where: { $0.name == rule }) { throw ValidationError("no rule named \(rule)") }
            if let channel, !config.channels.contains(where: { $0.name == channel }) { throw ValidationError("no channel named \(channel)") }
            if let source, !config.sources.contains(where: { $0.id == source }) { throw ValidationError("no source named \(source)") }
            let now = Date()
            let silence = Silence(
                id: String(UUID().uuidString.lowercased().prefix(8)), topic: topic, rule: rule, channel: channel, source: source,
                starts: now, ends: now.addingTimeInterval(Span.seconds(duration) ?? 0), comment: comment,
                createdBy: ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"])
            let kept = try SilenceCommand.load(config).filter { $0.ends > now.addingTimeInterval(-7 * 86400) }
            try SilenceCommand.save(kept + [silence], config)
            print("已添加静默 \(silence.id)，至 \(DisplayTime.string(silence.ends))。")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List active silences (--all: also expired ones).")

        @OptionGroup var options: ConfigOptions
        @Flag(help: "Include expired silences.") var all = false
        @Flag(help: "Print one JSON object per silence.") var json = false

        func run() throws {
            let config = try options.loadOrExit()
            let now = Date()
            let silences = try SilenceCommand.load(config).filter { all || $0.ends > now }
            if json {
                for silence in silences { print(try JSONOutput.string(silence)) }
                return
            }
            let table = TextTable(columns: ["编号", "状态", "匹配", "开始", "结束", "创建人", "说明"])
            for silence in silences {
                let matchers = [("话题", silence.topic), ("规则", silence.rule), ("通道", silence.channel), ("来源", silence.source)]
                    .compactMap { label, value in value.map { "\(label)=\($0)" } }.joined(separator: " ")
                table.add([
                    silence.id, silence.isActive(at: now) ? "生效中" : (silence.ends <= now ? "已过期" : "未开始"), matchers,
                    DisplayTime.string(silence.starts), DisplayTime.string(silence.ends), silence.createdBy ?? "", silence.comment,
                ])
            }
            table.print()
        }
    }

    struct Expire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The silence id (from silence list).") var id: String

        func run() throws {
            let config = try options.loadOrExit()
            var silences = try SilenceCommand.load(config)
            guard let index = silences.firstIndex(where: { $0.id == id }) else {
                FileHandle.standardError.write(Data("yuqing: no silence \(id)\n".utf8))
                throw ExitCode(1)
            }
            silences[index].ends = min(silences[index].ends, Date())
            try SilenceCommand.save(silences, config)
            print("静默 \(id) 已结束。")
        }
    }
}
