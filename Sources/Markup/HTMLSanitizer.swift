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
        guard html.contains("<") else { return html }
        guard mayNeedChanges(html, rewritingURLs: baseURL != nil) else { return html }
        let parsed = MarkupParser.parseHTML(html)
        let base = baseURL.flatMap { URL(string: $0) }
        guard let root = parsed.root, containsDanger(root) || (base != nil && containsRelativeURL(root)) else { return html }
        var output = ""
        for child in root.children { serialize(child, base: base, into: &output) }
        return output
    }

    /// A cheap lexical pre-check, so that the usual harmless HTML of a summary is not
    /// parsed at all: false only when no tag, attribute or URL scheme that `sanitize` acts
    /// on can be present (case-insensitive; entities in attribute names cannot hide one).
    static func mayNeedChanges(_ html: String, rewritingURLs: Bool) -> Bool {
        let bytes = Array(html.utf8.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
        func contains(_ needle: String) -> Bool {
            let pattern = Array(needle.utf8)
            guard bytes.count >= pattern.count else { return false }
            var index = 0
            while index <= bytes.count - pattern.count {
                if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return true }
                index += 1
            }
            return false
        }
        for name in droppedElements where contains("<" + name) { return true }
        if contains("script:") || contains("data:") || contains("style") || contains("srcdoc") { return true }
        if rewritingURLs, contains("href") || contains("src") || contains("action") || contains("background") || contains("poster") {
            return true
        }
        // An event-handler attribute: white space or a quote or slash, then "on", a letter.
        var index = 0
        while index + 3 < bytes.count {
            let before = bytes[index]
            if before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D || before == 0x2F || before == 0x22 || before == 0x27,
                bytes[index + 1] == UInt8(ascii: "o"), bytes[index + 2] == UInt8(ascii: "n"),
                bytes[index + 3] >= UInt8(ascii: "a") && bytes[index + 3] <= UInt8(ascii: "z")
            {
                return true
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
