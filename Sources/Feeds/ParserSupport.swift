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

    /// White space (Unicode's definition) removed at both ends, without Foundation.
    var trimmedWhitespace: String {
        // The usual case: an ASCII non-space byte at both ends.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
            !Self.isSpace(Unicode.Scalar(first)), !Self.isSpace(Unicode.Scalar(last))
        {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !Self.isSpace(first) && !Self.isSpace(last) { return self }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// White space, with ASCII answered without a Unicode property lookup.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
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
