import Foundation
import NIOPosix
import Queries
import Reports

/// Where the web view's pages read what they show: this node's files (`LocalWebData`) or,
/// in cluster mode, the cluster's database, so every node's web view shows every node's
/// items, stories, alerts and source health.
public protocol WebDataSource: Sendable {
    func report(_ builder: ReportBuilder, generated: Date) async throws -> Report
    func trends(_ query: TrendQuery, topics: [String], now: Date) async throws -> [TrendQuery.Row]
    func items(_ query: ItemQuery) async throws -> ItemQuery.Result
    func alerts(_ query: AlertQuery, now: Date) async throws -> AlertQuery.Result
    /// Each source's health — this node's polls, and in cluster mode the other nodes' too —
    /// with a line for above the table saying whose polls it shows (nil: say nothing).
    func sources(_ query: SourceHealthQuery, now: Date) async throws -> (rows: [SourceHealthQuery.Row], note: String?)
    /// Closes what the source holds open (a database client) when the daemon stops.
    func shutdown() async
}

extension WebDataSource {
    public func shutdown() async {}
}

/// The pages over the files in `dataDirectory`, each read on NIO's thread pool, never on
/// the event loop.
public struct LocalWebData: WebDataSource {
    public let dataDirectory: String

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    public func report(_ builder: ReportBuilder, generated: Date) async throws -> Report {
        try await NIOThreadPool.singleton.runIfActive { try builder.build(generated: generated) }
    }

    public func trends(_ query: TrendQuery, topics: [String], now: Date) async throws -> [TrendQuery.Row] {
        let directory = dataDirectory
        return try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory, topics: topics, now: now) }
    }

    public func items(_ query: ItemQuery) async throws -> ItemQuery.Result {
        let directory = dataDirectory
        return try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory) }
    }

    public func alerts(_ query: AlertQuery, now: Date) async throws -> AlertQuery.Result {
        let directory = dataDirectory
        return try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory) }
    }

    public func sources(_ query: SourceHealthQuery, now: Date) async throws -> (rows: [SourceHealthQuery.Row], note: String?) {
        let directory = dataDirectory
        return (try await NIOThreadPool.singleton.runIfActive { try query.run(dataDirectory: directory, now: now) }, nil)
    }
}
