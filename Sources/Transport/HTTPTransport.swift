/// What sends an HTTP request and returns the answer: `HTTPClient` (libcurl) in the daemon,
/// a recorded or scripted transport in tests of the pipeline.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; throws `TransportError` when no answer came.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension HTTPClient: HTTPTransport {}
