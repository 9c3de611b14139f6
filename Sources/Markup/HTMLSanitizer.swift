import Foundation

/// Removes what can run script from an HTML string: `script`, `style`, `iframe`, `object`,
/// `embed` and similar elements, `on*` event attributes, and `javascript:`/`vbscript:`/
/// `data:` URLs, and makes relative `href`/`src` URLs absolute against a base. HTML that
/// needs neither is returned unchanged, byte for byte.
public enum HTMLSanitizer {
    private static let droppedElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
        "button", "textarea", "select", "meta", "link", "base", "noscript", "template",
    ]
    private static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "background", "poster", "lowsrc", "dynsrc"]
    private static let voidElements: Set<String> = [
        "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    public static func sanitize(_ html: String, baseURL: String? = nil) -> String {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return html }
        guard mayNeedChanges(html, rewritingURLs: baseURL != nil) else { return html }
        let parsed = MarkupParser.parseHTML(html)
        let base = baseURL.flatMap { URL(string: $0) }
        guard let root = parsed.root, containsDanger(root) || (base != nil && containsRelativeURL(root)) else { return html }
        var output = ""
        for child in root.children { serialize(child, base: base, into: &output) }
        return output
    }

    private static let droppedNames: Set<[UInt8]> = Set(droppedElements.map { Array($0.utf8) })

    /// A cheap lexical pre-check in one pass, so that the usual harmless HTML of a summary
    /// is not parsed at all: false only when no dropped element, no `on…` attribute, no
    /// `style`/`srcdoc`, no `…script:`/`data:` and (when rewriting) no URL attribute can be
    /// present. Case-insensitive.
    static func mayNeedChanges(_ html: String, rewritingURLs: Bool) -> Bool {
        var html = html
        return html.withUTF8 { mayNeedChanges($0, rewritingURLs: rewritingURLs) }
    }

    private static func mayNeedChanges(_ bytes: UnsafeBufferPointer<UInt8>, rewritingURLs: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        /// ASCII upper case folded to lower case.
        @inline(__always) func lower(_ index: Int) -> UInt8 {
            let byte = bytes[index]
            return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
        @inline(__always) func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        func matches(_ index: Int, _ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= count else { return false }
            let expected = word.utf8Start
            for offset in 0..<length where lower(index + offset) != expected[offset] { return false }
            return true
        }
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte >= 0x80 {  // most of a Chinese summary: skip it eight bytes at a time
                index += 1
                while index + 8 <= count,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
                        == 0x8080_8080_8080_8080
                {
                    index += 8
                }
                continue
            }
            switch byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) {
            case UInt8(ascii: "<"):
                var end = index + 1
                while end < count, isLetter(lower(end)) { end += 1 }
                if end > index + 1, end - index - 1 <= 10 {
                    let name = (index + 1..<end).map { lower($0) }
                    if droppedNames.contains(name) { return true }
                }
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                if index + 3 < count, lower(index + 1) == UInt8(ascii: "o"), lower(index + 2) == UInt8(ascii: "n"), isLetter(lower(index + 3)) {
                    return true
                }
            case UInt8(ascii: ":"):
                if index >= 6, matches(index - 6, "script") { return true }
                if index >= 4, matches(index - 4, "data") { return true }
            case UInt8(ascii: "s"):
                if matches(index, "style") || matches(index, "srcdoc") { return true }
                if rewritingURLs && matches(index, "src") { return true }
            case UInt8(ascii: "h"):
                if rewritingURLs && matches(index, "href") { return true }
            case UInt8(ascii: "a"):
                if rewritingURLs && matches(index, "action") { return true }
            case UInt8(ascii: "b"):
                if rewritingURLs && matches(index, "background") { return true }
            case UInt8(ascii: "p"):
                if rewritingURLs && matches(index, "poster") { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }

    private static func containsRelativeURL(_ element: XMLElement) -> Bool {
        element.elements.contains { child in
            child.attributes.contains { urlAttributes.contains($0.name.lowercased()) && isRelative($0.value) }
                || containsRelativeURL(child)
        }
    }

    private static func isRelative(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && URL(string: trimmed)?.scheme == nil && !trimmed.hasPrefix("#")
    }

    private static func containsDanger(_ element: XMLElement) -> Bool {
        for child in element.elements {
            if droppedElements.contains(child.name.lowercased()) { return true }
            if child.attributes.contains(where: isDangerous) { return true }
            if containsDanger(child) { return true }
        }
        return false
    }

    private static func isDangerous(_ attribute: XMLAttribute) -> Bool {
        let name = attribute.name.lowercased()
        if name.hasPrefix("on") || name == "style" || name == "srcdoc" { return true }
        guard urlAttributes.contains(name) || name.hasSuffix(":href") else { return false }
        let scheme = attribute.value.unicodeScalars
            .filter { !$0.properties.isWhitespace && $0.value >= 0x20 }
            .map(Character.init)
        let lower = String(scheme).lowercased()
        return lower.hasPrefix("javascript:") || lower.hasPrefix("vbscript:") || lower.hasPrefix("data:")
    }

    private static func serialize(_ node: XMLNode, base: URL?, into output: inout String) {
        switch node {
        case .text(let text):
            output += escape(text, quote: false)
        case .element(let element):
            let name = element.name.lowercased()
            if droppedElements.contains(name) { return }
            output += "<" + name
            for attribute in element.attributes where !isDangerous(attribute) {
                var value = attribute.value
                if let base, urlAttributes.contains(attribute.name.lowercased()), isRelative(value),
                    let resolved = URL(string: value.trimmingCharacters(in: .whitespaces), relativeTo: base)
                {
                    value = resolved.absoluteString
                }
                output += " \(attribute.name.lowercased())=\"\(escape(value, quote: true))\""
            }
            output += ">"
            if voidElements.contains(name) { return }
            for child in element.children { serialize(child, base: base, into: &output) }
            output += "</\(name)>"
        }
    }

    /// Escapes text for HTML: `&`, `<`, `>`, and `"` in attribute values.
    public static func escape(_ text: String, quote: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quote: result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
