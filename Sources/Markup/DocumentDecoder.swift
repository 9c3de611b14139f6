import Foundation
internal import CUchardet

/// Finds the charset of a fetched document and decodes it to text.
///
/// Order: a byte-order mark; the charset of the HTTP Content-Type; the document's own
/// declaration (XML declaration or HTML `<meta>`); UTF-8 when the bytes are valid UTF-8;
/// otherwise uchardet's statistical guess, GB18030 when it decodes cleanly (the common
/// undeclared case on Chinese sites), and windows-1252 as the last resort. A declared legacy charset whose bytes are in
/// fact valid non-ASCII UTF-8, and a declared UTF-16 that is plainly ASCII-compatible, are
/// overridden with a warning.
public enum DocumentDecoder {
    public struct Result: Sendable {
        public var text: String
        /// The charset the bytes were actually decoded with.
        public var charset: Charset
        /// Human-readable reasons for overrides and replacements.
        public var warnings: [String]
        /// Invalid byte sequences replaced with U+FFFD.
        public var replacements: Int
        /// False when the charset had to be guessed (undeclared bytes that are not UTF-8) or
        /// the declared one is unknown: XML requires neither to happen.
        public var declaredCorrectly = true
    }

    public static func decode(_ bytes: [UInt8], contentType: String?) -> Result {
        var warnings: [String] = []
        var declaredCorrectly = true
        if let (bomCharset, length) = byteOrderMark(bytes) {
            let decoded = TextDecoder.decode(bytes.dropFirst(length), as: bomCharset)
            return finish(decoded, bomCharset, warnings)
        }
        var chosen: Charset?
        var fromDocument = false
        if let label = contentType.flatMap(MediaType.init)?.charset {
            if let charset = Charset(label: label) {
                chosen = charset
            } else {
                warnings.append("unknown charset \"\(label)\" in Content-Type, ignored")
                declaredCorrectly = false
            }
        }
        if chosen == nil, let unicode = utf16WithoutBOM(bytes) {
            chosen = unicode
        }
        if chosen == nil, let label = declaredLabel(bytes) {
            if let charset = Charset(label: label) {
                chosen = charset
                fromDocument = true
            } else {
                warnings.append("unknown charset \"\(label)\" declared in the document, ignored")
                declaredCorrectly = false
            }
        }
        let hasNonASCII = Self.containsNonASCII(bytes)
        if let charset = chosen {
            if charset.isUnicode && charset != .utf8 && utf16WithoutBOM(bytes) == nil && bytes.count >= 2 && bytes[0] != 0 && bytes[1] != 0 {
                warnings.append("declared \(charset.name) but the bytes are ASCII-compatible; decoded as utf-8")
                chosen = .utf8
            } else if !charset.isUnicode && hasNonASCII && (fromDocument || charset == .gb18030 || charset == .big5)
                && TextDecoder.isValidUTF8(bytes)
            {
                warnings.append("declared \(charset.name) but the bytes are valid UTF-8; decoded as utf-8")
                chosen = .utf8
            }
        }
        if let charset = chosen {
            var result = finish(TextDecoder.decode(bytes, as: charset), charset, warnings)
            result.declaredCorrectly = declaredCorrectly
            return result
        }
        if !hasNonASCII || TextDecoder.isValidUTF8(bytes) {
            var result = finish(TextDecoder.decode(bytes, as: .utf8), .utf8, warnings)
            result.declaredCorrectly = declaredCorrectly
            return result
        }
        var guessed = guessUndeclared(bytes, warnings: warnings)
        guessed.declaredCorrectly = false
        return guessed
    }

    /// Whether any byte is 0x80 or above, eight bytes at a time.
    static func containsNonASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                index += 8
            }
            while index < raw.count {
                if raw[index] >= 0x80 { return true }
                index += 1
            }
            return false
        }
    }

    /// Undeclared bytes that are not UTF-8: uchardet's guess, else GB18030, else windows-1252.
    private static func guessUndeclared(_ bytes: [UInt8], warnings: [String]) -> Result {
        var warnings = warnings
        // A multi-byte CJK guess rests on which byte sequences are valid and holds on short
        // texts; a single-byte guess is statistics and needs material: on a few dozen legacy
        // bytes uchardet takes Chinese for Greek or Cyrillic, and Chinese is what our
        // sources mostly are.
        let legacyBytes = bytes.count { $0 >= 0x80 }
        if let guess = guessCharset(bytes), guess != .utf8,
            multiByteCJK.contains(guess.name) || legacyBytes >= minimumBytesForDetection
        {
            let decoded = TextDecoder.decode(bytes, as: guess)
            if decoded.replacements == 0 {
                warnings.append("no charset declared and not UTF-8; detected \(guess.name)")
                return finish(decoded, guess, warnings)
            }
        }
        let gb = TextDecoder.decode(bytes, as: .gb18030)
        if gb.replacements == 0 {
            warnings.append("no charset declared and not UTF-8; decoded as gb18030")
            return finish(gb, .gb18030, warnings)
        }
        warnings.append("no charset declared and not UTF-8; decoded as windows-1252")
        return finish(TextDecoder.decode(bytes, as: .windows1252), .windows1252, warnings)
    }

    private static func finish(_ decoded: TextDecoder.Decoded, _ charset: Charset, _ warnings: [String]) -> Result {
        var warnings = warnings
        if decoded.replacements > 0 {
            warnings.append("\(decoded.replacements) byte sequence(s) invalid in \(charset.name) replaced with U+FFFD")
        }
        return Result(text: decoded.text, charset: charset, warnings: warnings, replacements: decoded.replacements)
    }

    /// Non-ASCII bytes below which GB18030 is tried before a single-byte guess of uchardet.
    static let minimumBytesForDetection = 64
    static let multiByteCJK: Set<String> = ["gb18030", "big5", "shift_jis", "euc-jp", "euc-kr", "cp949", "euc-tw", "iso-2022-jp"]

    /// uchardet's guess for undeclared bytes, when it names a charset yuqing decodes.
    static func guessCharset(_ bytes: [UInt8]) -> Charset? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        // The first 256 KiB decide as well as the whole document and bound the cost.
        let sample = bytes.prefix(256 << 10)
        let status = sample.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { uchardet_handle_data(detector, $0.baseAddress, $0.count) }
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector), name.pointee != 0 else { return nil }
        return Charset(label: String(cString: name))
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> (Charset, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return (.utf32LE, 4) }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return (.utf32BE, 4) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// UTF-32 and UTF-16 recognised by the pattern of `<` and `?` with zero bytes, as the
    /// XML specification's appendix F describes.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> Charset? {
        if bytes.starts(with: [0x3C, 0, 0, 0]) { return .utf32LE }
        if bytes.starts(with: [0, 0, 0, 0x3C]) { return .utf32BE }
        if bytes.starts(with: [0x3C, 0, 0x3F, 0]) { return .utf16LE }
        if bytes.starts(with: [0, 0x3C, 0, 0x3F]) { return .utf16BE }
        return nil
    }

    /// The charset label an XML declaration or an HTML `<meta>` in the first 4 KiB names.
    static func declaredLabel(_ bytes: [UInt8]) -> String? {
        if let declaration = xmlDeclaration(bytes) { return attributeValue(named: "encoding", in: Substring(declaration)) }
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
        let lower = head.lowercased()
        if let declarationEnd = lower.range(of: "?>"), lower.drop(while: { $0.isWhitespace }).hasPrefix("<?xml") {
            let declaration = lower[..<declarationEnd.lowerBound]
            if let value = attributeValue(named: "encoding", in: declaration) { return value }
            return nil
        }
        var searchStart = lower.startIndex
        while let meta = lower.range(of: "<meta", range: searchStart..<lower.endIndex) {
            let tagEnd = lower[meta.upperBound...].firstIndex(of: ">") ?? lower.endIndex
            let tag = lower[meta.upperBound..<tagEnd]
            if let charset = attributeValue(named: "charset", in: tag) { return charset }
            if let content = attributeValue(named: "content", in: tag), let label = MediaType(content)?.charset {
                return label
            }
            searchStart = tagEnd
        }
        return nil
    }

    /// The usual XML declaration (`<?xml … ?>` at the start, lower case, within 512 bytes),
    /// lower-cased, read without decoding the whole head; nil for anything else.
    private static func xmlDeclaration(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < min(bytes.count, 64), bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D {
            start += 1
        }
        guard bytes[start...].starts(with: "<?xml".utf8) else { return nil }
        let limit = min(bytes.count, start + 512)
        var end = start + 5
        while end + 1 < limit, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) { end += 1 }
        guard end + 1 < limit else { return nil }
        return String(decoding: bytes[start..<end].map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
    }

    private static func attributeValue(named name: String, in text: Substring) -> String? {
        guard let nameRange = text.range(of: name) else { return nil }
        var rest = text[nameRange.upperBound...].drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        if let quote = rest.first, quote == "\"" || quote == "'" {
            rest = rest.dropFirst()
            return String(rest.prefix { $0 != quote })
        }
        let stops: Set<Character> = [">", ";", "/", "\"", "'"]
        let value = rest.prefix { character in !character.isWhitespace && !stops.contains(character) }
        return value.isEmpty ? nil : String(value)
    }
}
