import Foundation
import Transport

/// POSTs a JSON body to a robot or webhook URL and reads the answer the way chat robots
/// report errors: HTTP status first, then an `errcode` (DingTalk, WeCom) or `code`
/// (Feishu) other than 0 in the body is a failure even with HTTP 200.
struct JSONPost {
    let channel: String
    let client: any HTTPTransport
    let policy: ConnectionPolicy

    /// Sends `body`; returns the response body as text.
    @discardableResult
    func send(url: String, body: [UInt8], headers: [(String, String)] = [], checkErrorCode: Bool) async throws -> String {
        let request = HTTPRequest(
            url: url, method: .post,
            headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
            body: body,
            limits: TransferLimits(connectTimeout: 10, totalTimeout: 20, maxBodyBytes: 1 << 20),
            policy: policy)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            throw DeliveryError("\(channel): \(error)")
        }
        let text = String(decoding: response.body.prefix(2048), as: UTF8.self)
        if response.status == 429 {
            let wait = response.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            throw DeliveryError("\(channel): rate limited (HTTP 429)", retryAfter: wait ?? 60)
        }
        guard (200..<300).contains(response.status) else {
            throw DeliveryError("\(channel): HTTP \(response.status) \(text.prefix(200))")
        }
        if checkErrorCode, let answer = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
            let code = (answer["errcode"] ?? answer["code"] ?? answer["StatusCode"]) as? Int
            if let code, code != 0 {
                let message = (answer["errmsg"] ?? answer["msg"] ?? answer["StatusMessage"]) as? String ?? ""
                throw DeliveryError("\(channel): the robot answered error \(code) \(message)", retryAfter: Self.isRateLimit(code) ? 60 : nil)
            }
        }
        return text
    }

    /// Robot error codes that mean "too many messages" (DingTalk 130101, WeCom 45009,
    /// Feishu 9499 and 11232).
    private static func isRateLimit(_ code: Int) -> Bool { [130101, 45009, 9499, 11232].contains(code) }

    static func encode(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }
}
