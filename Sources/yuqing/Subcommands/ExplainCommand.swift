import Analysis
import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing explain`: why a text or a stored item matches each topic, or does not.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how each topic's rule evaluates on a text or a stored item.",
        discussion: """
            Prints the normalised text with every term occurrence marked, each topic's \
            rule tree with the branches that held (✓) or not (✗), the score arithmetic, \
            and the sentiment with the cues that decided it and the places recognised.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Explain this text (as a title).")
    var text: String?

    @Option(help: "With --text: a summary to go with it.")
    var summary: String = ""

    @Option(help: "With --text: the source id (for source: filters).")
    var source: String = ""

    @Option(help: "Explain the stored item with this id.")
    var item: String?

    @Option(help: "Only this topic.")
    var topic: String?

    func validate() throws {
        guard (text == nil) != (item == nil) else { throw ValidationError("give either --text or --item") }
    }

    func run() throws {
        let config = try options.loadOrExit()
        let scorer = TopicScorer(topics: config.topics, foldTraditional: config.foldTraditional, judgement: config.judgement)
        var fields = (title: text ?? "", summary: summary, source: source)
        if let item {
            var found: StoredItem?
            try SegmentReader(dataDirectory: config.dataDirectory).forEach { if $0.id == item { found = $0 } }
            guard let found else {
                FileHandle.standardError.write(Data("yuqing: no stored item with id \(item)\n".utf8))
                throw ExitCode(1)
            }
            fields = (found.title, found.summary, found.source)
        }
        if let topic, !config.topics.contains(where: { $0.name == topic }) {
            throw ValidationError("no topic named \(topic)")
        }
        let region = config.sources.first { $0.id == fields.source }?.region
        let explanation = scorer.explain(title: fields.title, summary: fields.summary, source: fields.source, sourceRegion: region)
        ExplanationPrinter(explanation: explanation, colour: TextTable.colourEnabled).print(topic: topic)
    }
}
