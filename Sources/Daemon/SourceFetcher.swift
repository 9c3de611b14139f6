import Feeds
import Foundation
import Transport

/// Fetches one source once, conditionally, and parses the answer; stores nothing. Used by
/// the pipeline and by `yuqing fetch`.
public struct SourceFetcher: Sendable {
    let config: Config
    let client: any HTTPTransport
    /// Visitor cookies of sources with `cookie_from`, kept until a source refuses them.
    let cookies = VisitorCookies()

    public init(config: Config, client: any HTTPTransport) {
        self.config = config
        self.client = client
    }

    /// What one fetch produced.
    public struct Outcome: Sendable {
        public var request: HTTPRequest
        public var response: HTTPResponse
        /// The parsed feed for a 2xx answer; nil for 304 and errors.
        public var feed: ParsedFeed?
        public var started: Date
    }

    public func policy(for source: Config.Source) -> ConnectionPolicy {
        let proxySetting: ProxySetting
        switch source.proxy ?? config.proxy {
        case nil: proxySetting = .environment
        case "none"?: proxySetting = .none
        case let url?: proxySetting = .url(url)
        }
        return ConnectionPolicy(
            allowPrivateNetworks: source.allowPrivateNetworks, userAgent: config.userAgent ?? UserAgent.default,
            caFile: source.caFile, insecure: source.insecure, proxy: proxySetting)
    }

    public func request(for source: Config.Source, etag: String?, lastModified: String?) -> HTTPRequest {
        let accept = source.format.type == "json"
            ? "application/json, text/json;q=0.9, */*;q=0.8"
            : "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        headers += source.headers.filter { $0.name.lowercased() != "accept" }
        if let custom = source.headers.first(where: { $0.name.lowercased() == "accept" }) { headers[0] = custom }
        if let etag { headers.append(("If-None-Match", etag)) }
        if let lastModified { headers.append(("If-Modified-Since", lastModified)) }
        return HTTPRequest(
            url: source.url, headers: headers,
            limits: TransferLimits(connectTimeout: min(10, source.timeout), totalTimeout: source.timeout, maxBodyBytes: source.maxBytes),
            policy: policy(for: source))
    }

    /// Sends `request`; parses a 2xx body. Throws `TransportError` (no response) or
    /// `FeedError` (a 2xx body that is no feed).
    public func fetch(_ source: Config.Source, request: HTTPRequest, at started: Date) async throws -> Outcome {
        var request = request
        if let page = source.cookieFrom {
            let visit = HTTPRequest(url: page, headers: source.headers, limits: request.limits, policy: request.policy)
            let client = client
            let cookie = try await cookies.cookie(for: source.id) { try await client.send(visit) }
            if let cookie { request.headers.append(("Cookie", cookie)) }
        }
        let response = try await client.send(request)
        if source.cookieFrom != nil, [401, 403, 412].contains(response.status) { await cookies.forget(source.id) }
        var outcome = Outcome(request: request, response: response, feed: nil, started: started)
        if (200..<300).contains(response.status) {
            let parser = FeedParser(dates: FeedDateParser(timeZone: source.timeZone, now: started))
            let contentType = response.headers["Content-Type"]
            outcome.feed = try source.format.parse(response.body, contentType: contentType, baseURL: response.effectiveURL, parser: parser)
        }
        return outcome
    }
}
