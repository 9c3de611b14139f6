import Foundation
import Transport

/// An `HTTPTransport` that answers from a script instead of the network: the body to serve
/// per URL, which can change between polls. For tests of the pipeline on a manual clock
/// (fetching over loopback for real is what the end-to-end tests do).
public actor ScriptedTransport: HTTPTransport {
    private var bodies: [String: (status: Int, contentType: String, body: [UInt8])] = [:]
    /// Every request's URL with the time it arrived (the start of its poll).
    public private(set) var requests: [(url: String, at: ContinuousClock.Instant)] = []

    public init() {}

    /// From now on `url` answers `status` with `body`.
    public func serve(_ url: String, body: String, contentType: String = "application/feed+json", status: Int = 200) {
        bodies[url] = (status, contentType, Array(body.utf8))
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append((request.url, ContinuousClock.now))
        guard let answer = bodies[request.url] else { throw TransportError.curl(code: 7, message: "no script for \(request.url)") }
        return HTTPResponse(
            status: answer.status, headers: HTTPHeaders([("Content-Type", answer.contentType)]), body: answer.body,
            effectiveURL: request.url)
    }
}
