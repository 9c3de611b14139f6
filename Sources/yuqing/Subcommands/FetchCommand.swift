import Alerting
import ArgumentParser
import Daemon
import Feeds
import Foundation
import Storage
import Transport

/// `yuqing fetch --source ID`: one fetch now, shown in full, nothing stored.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one source now and show what came back, without storing anything.",
        discussion: "Exit status 1 when the fetch failed or the answer is not a feed."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "The id of the source to fetch.")
    var source: String

    @Flag(help: "Send the stored ETag / Last-Modified, as the daemon would.")
    var conditional = false

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    static let shownHeaders = [
        "Content-Type", "Content-Length", "Content-Encoding", "ETag", "Last-Modified", "Cache-Control", "Expires",
        "Retry-After", "Location", "Server",
    ]

    func run() async throws {
        let config = try options.loadOrExit()
        guard let target = config.sources.first(where: { $0.id == source }) else {
            throw ValidationError("no source \"\(source)\" in \(options.config); known: \(config.sources.map(\.id).joined(separator: ", "))")
        }
        let state = conditional
            ? (try? StateFile<[String: SourceState]>(path: config.dataDirectory + "/state/sources.json").load())?[target.id] : nil
        let client = try HTTPClient(maxConnections: 2, maxConnectionsPerHost: 1)
        defer { client.shutdown() }
        let fetcher = SourceFetcher(config: config, client: client)
        let request = fetcher.request(for: target, etag: state?.etag, lastModified: state?.lastModified)
        do {
            let outcome = try await fetcher.fetch(target, request: request, at: Date())
            if json {
                print(try JSONOutput.string(FetchReport(outcome)))
            } else {
                Self.printReport(outcome)
            }
            if !(200..<400).contains(outcome.response.status) { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("yuqing: \(target.id): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func printReport(_ outcome: SourceFetcher.Outcome) {
        let response = outcome.response
        let timing = response.timing
        print("HTTP/\(timing.httpVersion) \(response.status)  \(response.effectiveURL)")
        for name in shownHeaders {
            if let value = response.headers[name] { print("  \(name): \(value)") }
        }
        print(String(format: "耗时 timing: DNS %.3fs  连接 connect %.3fs  TLS %.3fs  首字节 first byte %.3fs  总计 total %.3fs",
            timing.nameLookup, timing.connect, timing.tlsHandshake, timing.firstByte, timing.total))
        print("大小 size: \(timing.downloadedBytes) bytes on the wire, \(response.body.count) decoded; redirects: \(timing.redirects)")
        guard let feed = outcome.feed else {
            if response.status == 304 { print("未修改 (304 Not Modified)") }
            return
        }
        print("格式 \(feed.format)  编码 \(feed.encoding)  \(feed.wellformed ? "格式良好" : "有错误（已恢复）")  条目 \(feed.entries.count)")
        for warning in feed.warnings.prefix(5) { print("  警告: \(warning)") }
        for entry in feed.entries.prefix(10) {
            let rank = entry.rank.map { "第\($0)名  " } ?? ""
            let hot = entry.hot.map { "  热度 " + HotAlertRule.hotText($0) } ?? ""
            print("  - \(rank)\(entry.published.map { DisplayTime.string($0) } ?? "—")  \(entry.title ?? "(无标题)")\(hot)")
            if let link = entry.link, entry.rank != nil { print("    \(link)") }
        }
        if feed.entries.count > 10 { print("  … 另有 \(feed.entries.count - 10) 条") }
    }
}

/// The JSON shape of `fetch --json`.
struct FetchReport: Encodable {
    var status: Int
    var url: String
    var http_version: String
    var headers: [String: String]
    var total_seconds: Double
    var first_byte_seconds: Double
    var bytes: Int
    var format: String?
    var encoding: String?
    var wellformed: Bool?
    var warnings: [String]?
    var entries: Int?
    var titles: [String]?

    init(_ outcome: SourceFetcher.Outcome) {
        let response = outcome.response
        status = response.status
        url = response.effectiveURL
        http_version = response.timing.httpVersion
        headers = Dictionary(FetchCommand.shownHeaders.compactMap { name in response.headers[name].map { (name, $0) } }) { $1 }
        total_seconds = response.timing.total
        first_byte_seconds = response.timing.firstByte
        bytes = response.timing.downloadedBytes
        format = outcome.feed?.format
        encoding = outcome.feed?.encoding
        wellformed = outcome.feed?.wellformed
        warnings = outcome.feed?.warnings
        entries = outcome.feed?.entries.count
        titles = outcome.feed?.entries.compactMap(\.title)
    }
}
