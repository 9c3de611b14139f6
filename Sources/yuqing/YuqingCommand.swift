import ArgumentParser

/// The `yuqing` binary: the daemon and the CLI that queries what it stored.
@main
struct YuqingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yuqing",
        abstract: "舆情监测 · public-opinion monitoring: fetch feeds, score topics, store, alert.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, CheckCommand.self, ParseCommand.self, FetchCommand.self, ItemsCommand.self, TrendsCommand.self,
            SourcesCommand.self, StoriesCommand.self, StorageCommand.self, ExplainCommand.self, RescoreCommand.self, AlertsCommand.self, TestAlertCommand.self, SilenceCommand.self, FsckCommand.self, ReplayCommand.self, HotCommand.self, LabelCommand.self, ReportCommand.self,
        ]
    )
}
