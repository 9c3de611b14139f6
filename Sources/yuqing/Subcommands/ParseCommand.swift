import ArgumentParser
import Feeds
import Foundation

/// `yuqing parse --json FILE`: parses one document and prints the feed contract.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a feed document and print what yuqing reads from it.",
        discussion: "Exit status 3 with an error object when the document is not a feed."
    )

    @Flag(help: "Print the result as one JSON object (the parse contract).")
    var json = false

    @Option(help: "The HTTP Content-Type the document arrived with (its charset wins).")
    var contentType: String?

    @Option(help: "The URL the document came from; relative links resolve against it.")
    var baseURL: String?

    @Option(help: "Time zone for dates that carry none (IANA name).")
    var timezone = "UTC"

    @Argument(help: "The document, or - for standard input.")
    var file: String

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(file)
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        guard let zone = TimeZone(identifier: timezone) else { throw ValidationError("unknown time zone \(timezone)") }
        let parser = FeedParser(dates: FeedDateParser(timeZone: zone, now: Date()))
        let result = Result { () throws(FeedError) in try parser.parse(bytes, contentType: contentType, baseURL: baseURL) }
        switch result {
        case .success(let feed):
            if json {
                print(try JSONOutput.string(feed))
            } else {
                FeedSummaryPrinter.print(feed)
            }
        case .failure(let error):
            if json {
                let payload = ["error": ["kind": error.kind, "message": error.description]]
                print(try JSONOutput.string(payload))
            } else {
                FileHandle.standardError.write(Data("yuqing: \(error.description)\n".utf8))
            }
            throw ExitCode(3)
        }
    }
}

/// Reads a whole file, or standard input for `-`.
enum InputFile {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// Human-readable rendering of a parsed feed.
enum FeedSummaryPrinter {
    static func print(_ feed: ParsedFeed) {
        Swift.print("\(feed.feed.title ?? "(无标题)")  [\(feed.format), \(feed.encoding)\(feed.wellformed ? "" : ", 有错误")]")
        for warning in feed.warnings { Swift.print("  警告: \(warning)") }
        for entry in feed.entries {
            let date = entry.published.map { DisplayTime.string($0) } ?? "—"
            Swift.print("- \(date)  \(entry.title ?? "(无标题)")")
            if let link = entry.link { Swift.print("  \(link)") }
        }
    }
}
