import Foundation
import Markup

/// Namespace URIs the parsers recognise.
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let rss09xBackend = "http://backend.userland.com/rss2"
    static let rss09xBlogchannel = "http://backend.userland.com/rss"

    /// Core RSS elements: no namespace, or one of the RSS namespaces some feeds declare.
    static let rssCore = XMLNamespaceSet(registering: [nil, rss10, rss090, rss09xBackend, rss09xBlogchannel])
    static let dublinCore = XMLNamespaceSet(registering: [dc, dcterms])
    static let dctermsOnly = XMLNamespaceSet(registering: [dcterms])
    static let contentOnly = XMLNamespaceSet(registering: [content])
    static let xhtmlOrNone = XMLNamespaceSet(registering: [xhtml, nil])
    static let atomOnly = XMLNamespaceSet(registering: [atom10])
    /// Registers every namespace above, so that sets read from documents (the root's own
    /// namespace) find their bits.
    static let registered: Bool = {
        _ = (rssCore, dublinCore, dctermsOnly, contentOnly, xhtmlOrNone, atomOnly, XMLNamespaceSet(registering: [atom03]))
        return true
    }()
}

/// What every parser needs: where relative links resolve, and how dates are read.
struct ParseContext {
    var baseURL: String?
    var dates: FeedDateParser
    var warnings: [String] = []

    /// `href` made absolute against `base` (an `xml:base` chain ending in the document URL).
    func resolve(_ href: String?, against base: String?) -> String? {
        guard let href = href?.trimmedWhitespace, !href.isEmpty else { return nil }
        if Self.isAbsoluteHTTP(href) { return href }  // the usual case
        guard let base else { return href }
        return URLResolver.resolve(href, against: base) ?? href
    }

    /// Whether `href` starts with `http://` or `https://`, in any case.
    static func isAbsoluteHTTP(_ href: String) -> Bool {
        var bytes = href.utf8.makeIterator()
        for expected in "http".utf8 {
            guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
        }
        var byte = bytes.next()
        if byte.map({ $0 | 0x20 }) == UInt8(ascii: "s") { byte = bytes.next() }
        return byte == UInt8(ascii: ":") && bytes.next() == UInt8(ascii: "/") && bytes.next() == UInt8(ascii: "/")
    }

    /// The base in effect inside `element`: its `xml:base` resolved against the parent's.
    func base(of element: XMLElementView, inherited: String?) -> String? {
        guard let declared = element.attribute("base", namespace: XMLAttribute.xmlNamespace) else { return inherited }
        return resolve(declared, against: inherited) ?? inherited
    }

    mutating func date(_ text: String?) -> Date? {
        guard let text = text?.trimmedWhitespace, !text.isEmpty else { return nil }
        guard let date = dates.parse(text) else {
            warnings.append("unreadable date \"\(text.prefix(60))\"")
            return nil
        }
        return date
    }
}

extension XMLElementView {
    /// The element's text with surrounding white space removed, nil when empty.
    var trimmedText: String? {
        let value = text.trimmedWhitespace
        return value.isEmpty ? nil : value
    }

    /// The element's own `xml:lang`: nil when absent, "" when declared blank (which
    /// cancels an inherited language); `en_US` is written `en-US`.
    var language: String? {
        attribute("lang", namespace: XMLAttribute.xmlNamespace)
            .map { $0.trimmedWhitespace.replacingOccurrences(of: "_", with: "-") }
    }

    /// The element's text, trimmed, as sanitised HTML (nil when blank): read straight from
    /// libxml2's bytes when it is one text node, so one String is made, not three.
    func sanitizedHTML(base: String?) -> String? {
        let fromBytes: String?? = withSingleTextBytes { bytes in
            var start = 0
            var end = bytes.count
            while start < end, let length = String.whiteSpaceLength(bytes, at: start) { start += length }
            while end > start, let length = String.whiteSpaceLength(bytes, endingAt: end) { end -= length }
            guard start < end else { return nil }
            return HTMLSanitizer.sanitize(UnsafeBufferPointer(rebasing: bytes[start..<end]), baseURL: base)
        }
        if let fromBytes { return fromBytes }
        return trimmedText.map { HTMLSanitizer.sanitize($0, baseURL: base) }
    }

    /// The element's inner markup when it holds elements (naked XHTML), else its text.
    var markupOrText: String? {
        guard !hasElements else { return MarkupWriter.innerMarkup(of: self).trimmedWhitespace.nilIfEmpty }
        return trimmedText
    }
}

extension Array {
    /// nil for an empty array, so that absent lists are left out of the JSON.
    var nonEmpty: Self? { isEmpty ? nil : self }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }

    var nonEmptyTrimmed: String? {
        let value = trimmedWhitespace
        return value.isEmpty ? nil : value
    }

    /// White space (Unicode's definition) removed at both ends, read from the UTF-8 bytes
    /// without Foundation or property look-ups.
    var trimmedWhitespace: String {
        var copy = self
        return copy.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end, let length = String.whiteSpaceLength(bytes, at: start) { start += length }
            while end > start, let length = String.whiteSpaceLength(bytes, endingAt: end) { end -= length }
            if start == 0 && end == bytes.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// The length of the white-space character at `index`, nil if there is none: ASCII
    /// white space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
    /// U+205F and U+3000.
    static func whiteSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (0x09...0x0D).contains(byte) ? 1 : nil }
        let rest = bytes.count - index
        switch byte {
        case 0xC2:
            return rest >= 2 && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0) ? 2 : nil
        case 0xE1:
            return rest >= 3 && bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : nil
        case 0xE2:
            guard rest >= 3 else { return nil }
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80, (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF { return 3 }
            return second == 0x81 && third == 0x9F ? 3 : nil
        case 0xE3:
            return rest >= 3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : nil
        default:
            return nil
        }
    }

    /// The length of the white-space character that ends just before `end`, nil if none.
    static func whiteSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int? {
        let last = bytes[end - 1]
        if last < 0x80 { return whiteSpaceLength(bytes, at: end - 1) }
        if end >= 2, bytes[end - 2] == 0xC2 { return whiteSpaceLength(bytes, at: end - 2) }
        if end >= 3, whiteSpaceLength(bytes, at: end - 3) == 3 { return 3 }
        return nil
    }
}

/// Serialises element children back to markup: the value of Atom `type="xhtml"` content.
enum MarkupWriter {
    static func innerMarkup(of element: XMLElementView) -> String {
        var output = ""
        write(childrenOf: element, into: &output, depth: 0)
        return output
    }

    private static func write(childrenOf element: XMLElementView, into output: inout String, depth: Int) {
        guard depth < 256 else { return }
        element.forEachChild { child in
            switch child {
            case .text(let text):
                output += HTMLSanitizer.escape(text, quote: false)
            case .element(let element):
                output += "<" + element.name
                for attribute in element.attributes {
                    output += " \(attribute.name)=\"\(HTMLSanitizer.escape(attribute.value, quote: true))\""
                }
                var inner = ""
                write(childrenOf: element, into: &inner, depth: depth + 1)
                if inner.isEmpty {
                    output += " />"
                } else {
                    output += ">" + inner + "</\(element.name)>"
                }
            }
        }
    }
}
