import Foundation

/// Renders a notification for each kind of receiver. A notification's text is lines of
/// `标签: 值`; values come from feeds, so each format neutralises what its markup would
/// otherwise interpret (HTML escaping; in markdown, link, emphasis and heading syntax is
/// replaced by full-width look-alikes).
enum MessageFormat {
    /// (label, value) pairs from the notification's text, with a link last when known.
    static func lines(_ notification: Notification) -> [(label: String, value: String)] {
        notification.text.split(separator: "\n").map { line in
            if let colon = line.firstIndex(of: ":"), labels.contains(String(line[..<colon])) {
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return ("", String(line))
        }
    }

    /// The labels notifications use; anything else before a colon is part of the text.
    static let labels: Set<String> = [
        "标题", "话题", "来源", "链接", "摘要", "说明", "时间", "主机", "条目", "首发", "失败", "错误", "倾向", "地域", "概况", "重点", "信息源",
    ]

    static func plain(_ notification: Notification) -> String {
        notification.title + "\n\n" + notification.text + "\n\n—— yuqing 舆情监测"
    }

    static func markdown(_ notification: Notification) -> String {
        var parts = ["#### " + escapeMarkdown(notification.title)]
        for (label, value) in lines(notification) {
            if label == "链接", value.hasPrefix("http") {
                parts.append("[查看原文](\(value.replacingOccurrences(of: ")", with: "%29")))")
            } else {
                parts.append(label.isEmpty ? escapeMarkdown(value) : "**\(label)**：\(escapeMarkdown(value))")
            }
        }
        return parts.joined(separator: "\n\n")
    }

    static func html(_ notification: Notification) -> String {
        var rows = ""
        for (label, value) in lines(notification) {
            let shown = label == "链接" && value.hasPrefix("http")
                ? "<a href=\"\(escapeHTML(value))\">\(escapeHTML(value))</a>" : escapeHTML(value)
            rows += "<tr><th align=\"left\" style=\"padding-right:1em\">\(escapeHTML(label))</th><td>\(shown)</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escapeHTML(notification.title))</title></head>
            <body><h3>\(escapeHTML(notification.title))</h3>
            <table>
            \(rows)</table>
            <p style="color:#888">yuqing 舆情监测 · 规则 \(escapeHTML(notification.rule))</p></body></html>
            """
    }

    /// Feed text escaped for HTML (controls and bidi overrides removed).
    static func escapeHTML(_ text: String) -> String { SafeText.html(text) }

    /// Feed text made inert in markdown: line breaks become spaces and the characters
    /// that make links, images, emphasis, code and headings become full-width forms.
    static func escapeMarkdown(_ text: String) -> String { SafeText.markdown(text) }
}
