/// Removes what can run script from an HTML string: `script`, `style`, `applet` and
/// `template` with their content; `iframe`, `object`, `embed`, forms, `plaintext`, SVG
/// animation and similar elements without theirs (what they hold is kept, sanitised, so no
/// text is lost); `on…` event attributes, `style`, `srcdoc`, and `javascript:`/`vbscript:`/
/// `data:` URLs (in `srcset` lists too: one such candidate drops the attribute); comments
/// and doctypes. Relative `href`/`src` URLs and `srcset` candidates are made absolute
/// against a base.
///
/// HTML that a cheap lexical check (`HTMLRiskScan`) finds needs none of this is returned
/// unchanged, byte for byte; the rest goes through `HTMLStreamSanitizer` in one pass, which
/// writes every tag out again from its tokens.
public enum HTMLSanitizer {
    public static func sanitize(_ html: String, baseURL: String? = nil) -> String {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return html }
        guard HTMLRiskScan.mayNeedChanges(html, rewritingURLs: baseURL != nil) else { return html }
        return HTMLStreamSanitizer.sanitize(html, baseURL: baseURL)
    }

    /// The same for UTF-8 bytes (text straight out of libxml2), making one String.
    public static func sanitize(_ bytes: UnsafeBufferPointer<UInt8>, baseURL: String? = nil) -> String {
        guard bytes.contains(UInt8(ascii: "<")), HTMLRiskScan.mayNeedChanges(bytes, rewritingURLs: baseURL != nil) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        return HTMLStreamSanitizer.sanitize(bytes, baseURL: baseURL)
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
