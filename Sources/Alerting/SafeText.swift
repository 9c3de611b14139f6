/// Feed text made safe for an alert, a report, the web view or a Word file: control and bidi
/// override characters removed (they could reorder or hide text around them), markup
/// escaped by the caller's format, and links only when they are http or https.
public enum SafeText {
    /// Text without C0/C1 controls (tab and newline become spaces), bidi embedding,
    /// override and isolate controls, and characters XML 1.0 does not allow.
    public static func plain(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: result.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: continue
            case 0xFFFE, 0xFFFF: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Escaped for HTML text and attribute values.
    public static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in plain(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Escaped for XML text and attributes (the same entities as HTML's five).
    public static func xml(_ text: String) -> String { html(text) }

    /// The URL when it is an absolute http or https URL without spaces or controls; nil
    /// otherwise (`javascript:`, `data:`, relative and malformed links are not shown as links).
    public static func link(_ url: String?) -> String? {
        guard let url else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && !"<>\"'`\\".unicodeScalars.contains($0) }) else {
            return nil
        }
        return plain(url)
    }

    /// Feed text for Markdown: line structure and the characters that make links, images,
    /// emphasis, code, tables and headings replaced by full-width look-alikes.
    public static func markdown(_ text: String) -> String {
        let replacements: [Character: Character] = [
            "[": "［", "]": "］", "(": "（", ")": "）", "*": "＊", "_": "＿", "`": "｀", "#": "＃", "<": "＜", ">": "＞",
            "!": "！", "|": "｜", "~": "～", "\\": "＼",
        ]
        return String(plain(text).map { replacements[$0] ?? $0 })
    }
}
