import Crypto
import Foundation

/// The request signatures of the chat robots and of yuqing's own webhooks (HMAC-SHA256).
enum Signing {
    /// DingTalk: `base64(HMAC-SHA256(key: secret, "timestamp\nsecret"))`, timestamp in ms.
    static func dingTalk(secret: String, timestampMillis: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestampMillis)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Feishu/Lark: `base64(HMAC-SHA256(key: "timestamp\nsecret", empty message))`,
    /// timestamp in seconds.
    static func feishu(secret: String, timestamp: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: SymmetricKey(data: Data("\(timestamp)\n\(secret)".utf8)))
        return Data(mac).base64EncodedString()
    }

    /// yuqing webhooks: `sha256=` + hex HMAC-SHA256 over `"<timestamp>.<body>"`.
    static func webhook(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + Data(body), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Percent-encoding for a query value (RFC 3986 unreserved characters kept).
    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
