import Analysis
import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing label`: correct an item's sentiment by hand, kept as an overlay that queries
/// use and that serves as evaluation data for the lexicon.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Set an item's sentiment by hand, or list the labelled items.",
        discussion: """
            `yuqing label ITEM negative` (or 负面, neutral/中性, positive/正面) records the \
            correction in <data>/labels.json; `yuqing label ITEM --clear` removes it. \
            `yuqing label --list` prints the labelled items as JSON Lines (title, summary, \
            sentiment), the format Benchmarks/judgement_eval.py scores.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The stored item's id.")
    var item: String?

    @Argument(help: "negative, neutral or positive (负面, 中性, 正面).")
    var sentiment: String?

    @Flag(help: "Remove the item's label.")
    var clear = false

    @Flag(help: "Print every labelled item as JSON Lines.")
    var list = false

    func validate() throws {
        if list { return }
        guard item != nil else { throw ValidationError("give an item id (see `yuqing items`), or --list") }
        guard clear != (sentiment != nil) else { throw ValidationError("give a sentiment, or --clear") }
        if let sentiment, Sentiment(name: sentiment) == nil {
            throw ValidationError("expected negative, neutral or positive (负面, 中性, 正面), got \"\(sentiment)\"")
        }
    }

    func run() throws {
        let config = try options.loadOrExit()
        var labels = LabelOverlay.load(dataDirectory: config.dataDirectory)
        if list {
            try printLabelled(labels, dataDirectory: config.dataDirectory)
            return
        }
        guard let item else { return }
        var found: StoredItem?
        try SegmentReader(dataDirectory: config.dataDirectory).forEach { if $0.id == item { found = $0 } }
        guard let found else {
            FileHandle.standardError.write(Data("yuqing: no stored item with id \(item)\n".utf8))
            throw ExitCode(1)
        }
        if clear {
            labels.items[item] = nil
        } else if let name = sentiment, let value = Sentiment(name: name) {
            labels.items[item] = LabelOverlay.Label(sentiment: value, labelled: Date())
        }
        try labels.save(dataDirectory: config.dataDirectory)
        let judged = found.sentiment?.label ?? "未判断"
        let now = clear ? "已清除人工标注（自动判断：\(judged)）" : "已标注为\(labels.items[item]?.sentiment.label ?? "")（自动判断：\(judged)）"
        print("\(found.title)：\(now)")
    }

    private func printLabelled(_ labels: LabelOverlay, dataDirectory: String) throws {
        guard !labels.items.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try SegmentReader(dataDirectory: dataDirectory).forEach { item in
            guard let label = labels.items[item.id] else { return }
            let record = LabelledItem(id: item.id, title: item.title, summary: item.summary, sentiment: label.sentiment.rawValue)
            print(String(decoding: try encoder.encode(record), as: UTF8.self))
        }
    }

    private struct LabelledItem: Encodable {
        var id, title, summary, sentiment: String
    }
}
