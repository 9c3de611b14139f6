import Alerting

/// The page shell every HTML yuqing writes shares (reports and the web view): UTF-8, a
/// Content-Security-Policy that allows no script, no external resource and no form
/// target elsewhere, a CJK font stack that needs no web font, and A4 print styles.
public enum HTMLDocument {
    /// The policy in the page's `<meta>` (which cannot carry `frame-ancestors`).
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'"
    /// The policy of a mail body, whose images are parts of the message.
    public static let mailContentSecurityPolicy = contentSecurityPolicy.replacingOccurrences(of: "img-src data:", with: "img-src data: cid:")
    /// The policy the web view sends as a header: the page's, and no framing.
    public static let contentSecurityPolicyHeader = contentSecurityPolicy + "; frame-ancestors 'none'"

    /// A whole document. `body` must already be escaped; `refresh` reloads the page every
    /// that many seconds; `navigation` goes above the content (and is not printed).
    public static func page(title: String, body: String, refresh: Int? = nil, navigation: String = "", policy: String = contentSecurityPolicy) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(policy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
        <title>\(SafeText.html(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(navigation)
        <main>
        \(body)
        </main>
        </body>
        </html>
        """
    }

    static let style = """
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
          color: #111; background: #fff; margin: 0; line-height: 1.6; font-size: 15px; }
        main { max-width: 980px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 26px; margin: 8px 0 4px; letter-spacing: 2px; }
        h2 { font-size: 19px; border-bottom: 2px solid #111; padding-bottom: 2px; margin-top: 28px; }
        h3 { font-size: 16px; margin: 16px 0 4px; }
        .meta { color: #444; margin: 0 0 8px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; table-layout: auto; }
        th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eee; font-weight: 600; white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; width: 5.5em; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
        .card { border: 1px solid #999; padding: 6px 12px; min-width: 130px; }
        .card b { display: block; font-size: 24px; }
        .card span { color: #444; font-size: 13px; }
        .neg { font-weight: 600; }
        .path { color: #333; font-size: 13px; margin: 2px 0 10px; }
        .chart { max-width: 100%; height: auto; display: block; }
        figure { margin: 6px 0 14px; }
        figcaption { font-size: 12px; color: #444; }
        nav { background: #111; padding: 8px 24px; }
        nav a { color: #fff; margin-right: 18px; text-decoration: none; }
        nav a.here { text-decoration: underline; }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 8px 0; }
        form.filters label { font-size: 13px; display: flex; flex-direction: column; }
        .empty { color: #666; }
        .spark { white-space: nowrap; font-size: 12px; letter-spacing: -1px; }
        .nowrap { white-space: nowrap; }
        a { color: #0645ad; }
        @page { size: A4; margin: 18mm 15mm; }
        @media print {
          body { font-size: 11pt; }
          nav, form.filters { display: none; }
          main { max-width: none; padding: 0; }
          a { color: #000; text-decoration: none; }
          h2 { break-after: avoid; }
          tr, figure, .card { break-inside: avoid; }
        }
        """

    /// A table: `header` cells (a trailing `#` marks a right-aligned numeric column) and
    /// rows of already escaped cells.
    public static func table(_ header: [String], _ rows: [[String]], empty: String = "无") -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(SafeText.html(empty))</p>" }
        let numeric = header.map { $0.hasSuffix("#") }
        var html = "<table><thead><tr>"
        for (index, cell) in header.enumerated() {
            let text = numeric[index] ? String(cell.dropLast()) : cell
            html += numeric[index] ? "<th class=\"num\">\(SafeText.html(text))</th>" : "<th>\(SafeText.html(text))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += index < numeric.count && numeric[index] ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table>"
    }

    /// A link to an http(s) URL from a feed, or the escaped text alone when the URL is not one.
    public static func link(_ text: String, to url: String?) -> String {
        guard let url = SafeText.link(url) else { return SafeText.html(text) }
        return "<a href=\"\(SafeText.html(url))\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">\(SafeText.html(text))</a>"
    }
}
