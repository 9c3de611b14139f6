import Foundation

/// An RFC 5322 / MIME message in UTF-8: a `multipart/alternative` with a text part and an
/// HTML part, both base64, and a subject in RFC 2047 encoded-words.
///
/// Header safety: every header value is built here from text with CR, LF and other
/// control characters replaced by spaces *before* encoding, so text from a feed can never
/// start a header line — neither directly nor through an encoded-word that decodes to a
/// line break. Non-ASCII or `=?`-containing subjects are always encoded, so a feed title
/// cannot smuggle its own encoded-word either.
public struct MailMessage: Sendable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var html: String
    /// Goes into `Message-ID` and `X-Yuqing-Idempotency-Key`.
    public var idempotencyKey: String
    public var date: Date

    public init(from: String, to: [String], subject: String, text: String, html: String, idempotencyKey: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.idempotencyKey = idempotencyKey
        self.date = date
    }

    /// The message with CRLF line ends, ready for SMTP.
    public func rendered() -> [UInt8] {
        let boundary = "yuqing-" + Self.safeToken(idempotencyKey)
        let domain = from.split(separator: "@").last.map(String.init) ?? "yuqing.local"
        var lines = [
            "From: " + Self.headerSafe(from),
            "To: " + to.map(Self.headerSafe).joined(separator: ", "),
            "Subject: " + Self.encodedWords(Self.headerSafe(subject)),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(Self.safeToken(idempotencyKey))@\(Self.safeToken(domain))>",
            "X-Yuqing-Idempotency-Key: " + Self.safeToken(idempotencyKey),
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a MIME message in UTF-8.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--" + boundary,
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
            ]
            lines += Self.base64Lines(Array(body.utf8))
        }
        lines.append("--" + boundary + "--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Text with every control character (CR and LF included) made a space.
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : scalar
        }))
    }

    /// Letters, digits and `-._` only (for message ids and boundaries).
    static func safeToken(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._".unicodeScalars.contains($0)) }.map(Character.init))
    }

    /// The subject as RFC 2047 `B` encoded-words of at most 75 characters each, split on
    /// character boundaries and folded onto continuation lines; plain ASCII without `=?`
    /// stays as it is.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) && !text.contains("=?") && text.utf8.count <= 900 { return text }
        // "=?utf-8?B?" + "?=" is 12 characters; 45 bytes of UTF-8 become 60 of base64.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
