import Alerting
import Cluster
import Foundation
import Queries
import Reports
import WebView

extension ReportBuilder {
    /// A builder for `period` over the data, topics, sources and home region of `config`.
    public init(config: Config, period: ReportPeriod, topicFilter: [String] = [], zone: TimeZone) {
        self.init(
            dataDirectory: config.dataDirectory, period: period, topics: config.topics.map(\.name),
            sources: config.sources.map { SourceHealthQuery.Source(config: $0) }, zone: zone)
        self.topicFilter = topicFilter
        homeRegion = config.judgement.homeRegion
    }
}

extension SourceHealthQuery.Source {
    /// What a configured source contributes to health queries.
    public init(config source: Config.Source) {
        self.init(id: source.id, name: source.name, url: source.url, tier: source.effectiveTier?.label)
    }
}

extension Config {
    /// The time zone reports and the web view show times in: `TZ` when set, else Asia/Shanghai.
    /// Read once: the CLI asks for every line it prints, and reading the environment each
    /// time was a tenth of `yuqing items` over a large store.
    public static let displayZone: TimeZone = {
        if let name = ProcessInfo.processInfo.environment["TZ"], let zone = TimeZone(identifier: name) { return zone }
        return TimeZone(identifier: "Asia/Shanghai") ?? .gmt
    }()
}

extension WebViewSettings {
    /// The web view over the data, topics, sources and home region of `config`.
    public init(config: Config, password: String?, clock: any WallClock = SystemClock()) {
        let home = config.judgement.homeRegion
        self.init(
            dataDirectory: config.dataDirectory, topics: config.topics.map(\.name), sources: config.sources.map { SourceHealthQuery.Source(config: $0) },
            homeRegion: home, zone: Config.displayZone, password: password, resolveRegion: { Config.region(named: $0, home: home) })
        self.clock = clock
        if let cluster = config.cluster, var queries = ClusterQueries(cluster, logger: ClusterQueries.quietLogger("yuqing.web")) {
            // One client for every page and its requests (a DSN the config check accepted).
            queries.shared = try? SharedClusterClient(dsn: queries.dsn, logger: queries.logger)
            data = ClusterWebData(queries: queries, node: cluster.node, dataDirectory: config.dataDirectory)
        }
    }
}
