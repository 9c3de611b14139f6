import Foundation
import Transport

/// An `HTTPTransport` that answers from a script instead of the network: the body to serve
/// per URL, which can change between polls. For tests of the pipeline on a manual clock
/// (fetching over loopback for real is what the end-to-end tests do).
public actor ScriptedTransport: HTTPTransport {
    private var bodies: [String: (status: Int, headers: [(name: String, value: String)], body: [UInt8])] = [:]
    /// Every request's URL and headers with the time it arrived (the start of its poll).
    public private(set) var requests: [(url: String, at: ContinuousClock.Instant, headers: [(name: String, value: String)])] = []

    public init() {}

    /// From now on `url` answers `status` with `body`.
    public func serve(
        _ url: String, body: String, contentType: String = "application/feed+json", status: Int = 200,
        headers: [(name: String, value: String)] = []
    ) {
        bodies[url] = (status, [("Content-Type", contentType)] + headers, Array(body.utf8))
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append((request.url, ContinuousClock.now, request.headers))
        guard let answer = bodies[request.url] else { throw TransportError.curl(code: 7, message: "no script for \(request.url)") }
        return HTTPResponse(
            status: answer.status, headers: HTTPHeaders(answer.headers), body: answer.body,
            effectiveURL: request.url)
    }
}
