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
    /// Parts the HTML refers to by `cid:` (images), sent inline beside it.
    public var related: [Part] = []
    /// Files attached to the message.
    public var attachments: [Part] = []

    /// A binary part: an inline image (`contentID`) or an attachment (`filename`).
    public struct Part: Sendable {
        public var contentType: String
        public var bytes: [UInt8]
        public var contentID: String?
        public var filename: String?

        public init(contentType: String, bytes: [UInt8], contentID: String? = nil, filename: String? = nil) {
            self.contentType = contentType
            self.bytes = bytes
            self.contentID = contentID
            self.filename = filename
        }
    }

    public init(from: String, to: [String], subject: String, text: String, html: String, idempotencyKey: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.idempotencyKey = idempotencyKey
        self.date = date
    }

    /// The message with CRLF line ends, ready for SMTP: `multipart/alternative` (text and
    /// HTML), inside `multipart/related` with the inline images when there are any, inside
    /// `multipart/mixed` with the attachments when there are any.
    public func rendered() -> [UInt8] {
        let token = Self.safeToken(idempotencyKey)
        let domain = from.split(separator: "@").last.map(String.init) ?? "yuqing.local"
        var lines = [
            "From: " + Self.headerSafe(from),
            "To: " + to.map(Self.headerSafe).joined(separator: ", "),
            "Subject: " + Self.encodedWords(Self.headerSafe(subject)),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(token)@\(Self.safeToken(domain))>",
            "X-Yuqing-Idempotency-Key: " + token,
            "MIME-Version: 1.0",
        ]
        var alternative = ["Content-Type: multipart/alternative; boundary=\"yuqing-alt-\(token)\"", ""]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            alternative += ["--yuqing-alt-" + token, "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            alternative += Self.base64Lines(Array(body.utf8))
        }
        alternative.append("--yuqing-alt-\(token)--")
        var content = alternative
        if !related.isEmpty {
            content = ["Content-Type: multipart/related; type=\"multipart/alternative\"; boundary=\"yuqing-rel-\(token)\"", "", "--yuqing-rel-" + token] + alternative
            for part in related { content += ["--yuqing-rel-" + token] + Self.partLines(part) }
            content.append("--yuqing-rel-\(token)--")
        }
        if !attachments.isEmpty {
            var mixed = ["Content-Type: multipart/mixed; boundary=\"yuqing-mix-\(token)\"", "", "--yuqing-mix-" + token] + content
            for part in attachments { mixed += ["--yuqing-mix-" + token] + Self.partLines(part) }
            mixed.append("--yuqing-mix-\(token)--")
            content = mixed
        }
        // The outermost part's Content-Type is the message's own header.
        lines.append(content[0])
        lines += ["", "This is a MIME message in UTF-8."] + content.dropFirst(2)
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A binary part's headers and base64 body. File names go as RFC 2231 `filename*`
    /// (UTF-8, percent-encoded) with an ASCII fallback; content ids as safe tokens.
    static func partLines(_ part: Part) -> [String] {
        let type = part.contentType.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "/.+-".contains($0)) }
        var lines = ["Content-Type: " + type, "Content-Transfer-Encoding: base64"]
        if let id = part.contentID {
            let safe = id.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-._@".contains($0)) }
            lines += ["Content-ID: <\(safe)>", "Content-Disposition: inline"]
        }
        if let name = part.filename {
            // The ASCII fallback keeps the ASCII part of the name (the date, the extension).
            let kept = safeToken(name)
            let ascii = kept.unicodeScalars.count == name.unicodeScalars.count ? kept : "report" + (kept.hasPrefix("-") ? "" : "-") + kept
            // RFC 5987 attr-char: ASCII letters, digits and a few marks; everything else as %XX of UTF-8.
            let encoded = name.utf8.map { byte -> String in
                let scalar = Unicode.Scalar(byte)
                return byte < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar))
                    ? String(Character(scalar)) : String(format: "%%%02X", byte)
            }.joined()
            // filename* first: parsers that take the first name (Python's email) get the real one.
            lines.append("Content-Disposition: attachment; filename*=UTF-8''\(encoded); filename=\"\(ascii)\"")
        }
        return lines + [""] + base64Lines(part.bytes)
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
