import Foundation

/// The first sanitiser: libxml2's HTML parser builds a tree, and the tree is written out
/// without what can run script. `HTMLSanitizer` no longer uses it (the one-pass
/// `HTMLStreamSanitizer` does the work); it stays as the reference the streaming sanitiser
/// is checked against — by property tests and by the fuzzer — since what it finds dangerous
/// in a parsed tree, the streaming sanitiser's output must never contain.
public enum HTMLTreeSanitizer {
    /// Elements that go (their content stays unless `droppedWithContent`): what runs or
    /// loads code, forms, and `plaintext` (the rest of a page as text) and SVG's animation
    /// elements (`animate`, `set`, … can set an `href` to a script URL).
    static let droppedElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
        "button", "textarea", "select", "meta", "link", "base", "noscript", "template",
        "plaintext", "animate", "set", "animatemotion", "animatetransform", "handler", "listener",
    ]
    /// Dropped elements whose content goes with them: code, or inert by design.
    static let droppedWithContent: Set<String> = ["script", "style", "applet", "template"]
    private static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "background", "poster", "lowsrc", "dynsrc"]
    /// Attributes holding a list of image candidates (`url 2x, url 640w`).
    private static let urlListAttributes: Set<String> = ["srcset", "imagesrcset"]
    private static let voidElements: Set<String> = [
        "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// `html` without what can run script, relative URLs made absolute against `baseURL`;
    /// unchanged when the parsed tree needs neither.
    public static func sanitize(_ html: String, baseURL: String? = nil) -> String {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return html }
        let parsed = MarkupParser.parseHTML(fragmentWrapperOpen + html + fragmentWrapperClose)
        let base = baseURL.flatMap { URL(string: $0) }
        guard let root = parsed.root, needsChanges(root, rewritingURLs: base != nil) else { return html }
        var output = ""
        for child in fragmentNodes(root) { serialize(child, base: base, into: &output) }
        return output
    }

    /// Whether `html`, parsed as a fragment the way this sanitiser parses, holds anything
    /// it would remove: the oracle the streaming sanitiser's output is checked with.
    public static func containsDanger(fragment html: String) -> Bool {
        guard let root = MarkupParser.parseHTML(fragmentWrapperOpen + html + fragmentWrapperClose).root else { return false }
        return containsDanger(root)
    }

    /// A fragment is parsed inside a `div`: at the top level libxml2's HTML parser wraps
    /// text in an implied `<p>`, which would change the content.
    static let fragmentWrapperOpen = "<div>"
    static let fragmentWrapperClose = "</div>"

    /// The fragment's own nodes: the wrapper's children, and whatever an unbalanced
    /// `</div>` in the fragment pushed out after it.
    static func fragmentNodes(_ root: XMLElement) -> [XMLNode] {
        guard case .element(let wrapper)? = root.children.first, wrapper.name == "div" else { return root.children }
        return wrapper.children + root.children.dropFirst()
    }

    /// What the parsed HTML has that `sanitize` changes: something to drop, or (when
    /// rewriting) a relative URL. `HTMLRiskScan` must say "maybe" whenever this is true.
    public static func needsChanges(_ root: XMLElement, rewritingURLs: Bool) -> Bool {
        containsDanger(root) || (rewritingURLs && containsRelativeURL(root))
    }

    private static func containsRelativeURL(_ element: XMLElement) -> Bool {
        element.elements.contains { child in
            child.attributes.contains { attribute in
                let name = attribute.name.lowercased()
                if urlListAttributes.contains(name) { return SrcsetList(attribute.value).candidates.contains { isRelative($0.url) } }
                return urlAttributes.contains(name) && isRelative(attribute.value)
            } || containsRelativeURL(child)
        }
    }

    private static func isRelative(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && URL(string: trimmed)?.scheme == nil && !trimmed.hasPrefix("#")
    }

    static func containsDanger(_ element: XMLElement) -> Bool {
        for child in element.elements {
            if droppedElements.contains(child.name.lowercased()) { return true }
            if child.attributes.contains(where: isDangerous) { return true }
            if containsDanger(child) { return true }
        }
        return false
    }

    private static func isDangerous(_ attribute: XMLAttribute) -> Bool {
        let name = attribute.name.lowercased()
        // `on…` handlers: `on` and a letter (`on`, `on--` handle nothing, and the
        // pre-check lets them pass).
        if isHandlerName(name) || name == "style" || name == "srcdoc" { return true }
        if urlListAttributes.contains(name) { return SrcsetList(attribute.value).candidates.contains { isDangerousURL($0.url) } }
        guard urlAttributes.contains(name) || name.hasSuffix(":href") else { return false }
        return isDangerousURL(attribute.value)
    }

    static func isHandlerName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count > 2 && bytes[0] == UInt8(ascii: "o") && bytes[1] == UInt8(ascii: "n") && (bytes[2] | 0x20) >= 0x61 && (bytes[2] | 0x20) <= 0x7A
    }

    /// A `javascript:`, `vbscript:` or `data:` URL, however spaced or split by controls.
    private static func isDangerousURL(_ value: String) -> Bool {
        let scheme = value.unicodeScalars
            .filter { !$0.properties.isWhitespace && $0.value >= 0x20 }
            .map(Character.init)
        let lower = String(scheme).lowercased()
        return lower.hasPrefix("javascript:") || lower.hasPrefix("vbscript:") || lower.hasPrefix("data:")
    }

    private static func serialize(_ node: XMLNode, base: URL?, into output: inout String) {
        switch node {
        case .text(let text):
            output += HTMLSanitizer.escape(text, quote: false)
        case .element(let element):
            let name = element.name.lowercased()
            if droppedWithContent.contains(name) { return }
            if droppedElements.contains(name) {
                // The element goes, what it holds stays (sanitised in turn): fallback text
                // of an `object` or `iframe`, or text the parser nested into an `embed`.
                for child in element.children { serialize(child, base: base, into: &output) }
                return
            }
            output += "<" + name
            for attribute in element.attributes where !isDangerous(attribute) {
                var value = attribute.value
                if let base, urlListAttributes.contains(attribute.name.lowercased()) {
                    var list = SrcsetList(value)
                    for index in list.candidates.indices where isRelative(list.candidates[index].url) {
                        if let resolved = URL(string: list.candidates[index].url, relativeTo: base) { list.candidates[index].url = resolved.absoluteString }
                    }
                    value = list.value
                } else if let base, urlAttributes.contains(attribute.name.lowercased()), isRelative(value),
                    let resolved = URL(string: value.trimmingCharacters(in: .whitespaces), relativeTo: base)
                {
                    value = resolved.absoluteString
                }
                output += " \(attribute.name.lowercased())=\"\(HTMLSanitizer.escape(value, quote: true))\""
            }
            output += ">"
            if voidElements.contains(name) { return }
            for child in element.children { serialize(child, base: base, into: &output) }
            output += "</\(name)>"
        }
    }
}
