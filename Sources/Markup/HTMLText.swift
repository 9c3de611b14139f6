import Foundation

/// Plain text from HTML: what a reader sees, with tags, scripts and styles gone, entities
/// decoded, block elements on lines of their own and other white space collapsed. Used
/// for summaries, scoring and alert texts.
public enum HTMLText {
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "header", "footer", "hr", "dd", "dt",
    ]
    private static let hiddenElements: Set<String> = ["script", "style", "noscript", "template", "head", "title"]

    public static func plainText(fromHTML html: String) -> String {
        if !html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return collapse(html.replacingOccurrences(of: "\n", with: lineBreak), keepingLines: true)
        }
        let parsed = MarkupParser.parseHTML(html)
        var output = ""
        if let root = parsed.root { append(root, to: &output) }
        return collapse(output, keepingLines: true)
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
                if block { output += Self.lineBreak }
                append(inner, to: &output)
                if block { output += Self.lineBreak }
            }
        }
    }

    /// Marks a block boundary inside the text being built (LINE SEPARATOR): source newlines
    /// inside HTML are mere white space, block boundaries are line breaks.
    static let lineBreak = "\u{2028}"

    /// Collapses runs of white space (including U+3000 and NBSP) into one space, or into
    /// one line break when the run holds a block boundary and `keepingLines` is set; trims
    /// both ends.
    public static func collapse(_ text: String, keepingLines: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pending: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\u{00A0}" {
                guard !result.isEmpty else { continue }
                if keepingLines && scalar == "\u{2028}" {
                    pending = "\n"
                } else if pending == nil {
                    pending = " "
                }
                continue
            }
            if let space = pending {
                result.unicodeScalars.append(space)
                pending = nil
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
