import Alerting
import Foundation
import Queries

/// What the web view reads and how it is protected: the daemon builds this from its
/// configuration (the web view itself has no configuration of its own).
public struct WebViewSettings: Sendable {
    public var dataDirectory: String
    /// The configured topics, in order.
    public var topics: [String]
    public var sources: [SourceHealthQuery.Source]
    public var homeRegion: Int?
    public var zone: TimeZone
    /// The password (HTTP basic, any user name) or bearer token every request must carry;
    /// nil only on a loopback address.
    public var password: String?
    /// Pages reload themselves this often (seconds).
    public var refresh: Int = 60
    /// A rendered page is served again for this long (seconds).
    public var cacheSeconds: Int = 15
    /// Turns what a user types (杭州, 本市, 330106) into a division code.
    public var resolveRegion: @Sendable (String) -> Int?
    /// Where each request reads "now" (once, at its start).
    public var clock: any WallClock = SystemClock()
    /// Where the pages read items, stories, trends and alerts (this node's files unless set).
    public var data: any WebDataSource

    public init(
        dataDirectory: String, topics: [String], sources: [SourceHealthQuery.Source], homeRegion: Int?, zone: TimeZone, password: String?,
        resolveRegion: @escaping @Sendable (String) -> Int?
    ) {
        self.dataDirectory = dataDirectory
        self.topics = topics
        self.sources = sources
        self.homeRegion = homeRegion
        self.zone = zone
        self.password = password
        self.resolveRegion = resolveRegion
        data = LocalWebData(dataDirectory: dataDirectory)
    }
}
