import ArgumentParser
import Transport

/// The `yuqing` binary: the daemon and the CLI that queries what it stored.
@main
struct YuqingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yuqing",
        abstract: "舆情监测 · public-opinion monitoring: fetch feeds, score topics, store, alert.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, CheckCommand.self, ParseCommand.self, FetchCommand.self, ItemsCommand.self, TrendsCommand.self,
            SourcesCommand.self, StoriesCommand.self, StorageCommand.self, ExplainCommand.self, RescoreCommand.self, AlertsCommand.self, TestAlertCommand.self, SilenceCommand.self, FsckCommand.self, ReplayCommand.self, HotCommand.self, LabelCommand.self, ReportCommand.self, DBCommand.self, ClusterCommand.self,
        ]
    )

    /// ArgumentParser's entry point, after the allocator is set for a long-running parser.
    static func main() async {
        AllocatorTuning.apply()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
