import Foundation
import Hummingbird
import Reports

/// Every web view request must carry the password: HTTP basic authentication (any user
/// name) for browsers, or `Authorization: Bearer …` for scripts. Compared in constant
/// time; a missing or wrong one gets 401 with a basic-auth challenge.
struct WebAuthenticator<Context: RequestContext>: RouterMiddleware {
    let password: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], Self.accepts(header, password: password) else {
            var headers = WebSecurityHeaders.fields
            headers[.wwwAuthenticate] = "Basic realm=\"yuqing\", charset=\"UTF-8\""
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "需要登录：yuqing 网页视图的密码\n")))
        }
        return try await next(request, context)
    }

    static func accepts(_ header: String, password: String) -> Bool {
        if header.hasPrefix("Bearer ") { return constantTimeEqual(Array(header.dropFirst(7).utf8), Array(password.utf8)) }
        guard header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))),
            let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
        else { return false }
        return constantTimeEqual(Array(decoded[decoded.index(after: colon)...]), Array(password.utf8))
    }

    /// Equal bytes, in time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0xFF)
        }
        return difference == 0
    }
}

/// Headers on every web view response: the page policy (no script at all), no sniffing,
/// no framing, no referrer to the sites items link to, no caching of what may be internal.
enum WebSecurityHeaders {
    static var fields: HTTPFields {
        var fields: HTTPFields = [
            .contentSecurityPolicy: HTMLDocument.contentSecurityPolicyHeader,
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
        for (name, value) in [("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")] {
            if let name = HTTPFields.Element.Name(name) { fields[name] = value }
        }
        return fields
    }
}
