/// Plain text from HTML: what a reader sees, with tags, scripts and styles gone, entities
/// decoded and white space collapsed. Used for summaries, scoring and alert texts.
public enum HTMLText {
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "header", "footer", "hr", "dd", "dt",
    ]
    private static let hiddenElements: Set<String> = ["script", "style", "noscript", "template", "head", "title"]

    public static func plainText(fromHTML html: String) -> String {
        if !html.contains("<") && !html.contains("&") { return collapse(html) }
        let parsed = MarkupParser.parseHTML(html)
        var output = ""
        if let root = parsed.root { append(root, to: &output) }
        return collapse(output)
    }

    private static func append(_ element: XMLElement, to output: inout String) {
        for child in element.children {
            switch child {
            case .text(let text):
                output += text
            case .element(let inner):
                let name = inner.name.lowercased()
                if hiddenElements.contains(name) { continue }
                let block = blockElements.contains(name)
                if block { output += " " }
                append(inner, to: &output)
                if block { output += " " }
            }
        }
    }

    /// Collapses runs of white space (including U+3000 and NBSP) into one space.
    public static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\u{00A0}" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
