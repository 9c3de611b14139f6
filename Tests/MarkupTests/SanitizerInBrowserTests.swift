import Foundation
import Markup
import Testing
import YuqingTesting

/// The sanitiser's output in a real browser: a page without any Content-Security-Policy
/// holds payloads that run as soon as the page loads (each logs `XSS <n>` to the console).
/// Unsanitised, headless Chromium must log many of them — so the test can fail; sanitised,
/// none.
struct SanitizerInBrowserTests {
    static func payloads(_ n: Int) -> [String] {
        let run = "console.log('XSS \(n)')"
        return [
            "<img src=x onerror=\"\(run)\">", "<img/src=x/onerror=\(run)>", "<svg onload=\"\(run)\"></svg>",
            "<details open ontoggle=\"\(run)\"><summary>s</summary></details>", "<iframe src=\"javascript:\(run)\"></iframe>",
            "<iframe srcdoc=\"<script>\(run)</script>\"></iframe>", "<object data=\"data:text/html,<script>\(run)</script>\"></object>",
            "<embed src=\"data:text/html,<script>\(run)</script>\">", "<scr<script>ipt>\(run)</script>",
            "<noscript><p title=\"</noscript><img src=x onerror=\(run)>\"></noscript>", "<math><mtext><table><mglyph><style><img src=x onerror=\"\(run)\">",
            "<svg><animate onbegin=\"\(run)\" attributeName=x dur=1s></svg>", "<video><source onerror=\"\(run)\"></video>",
            "<body onload=\"\(run)\">", "<input autofocus onfocus=\"\(run)\">", "<script>\(run)</script>",
            "<ScRiPt>\(run)</sCrIpT>", "<img src=x OnErRoR=\"\(run)\">", "<style onload=\"\(run)\"></style>",
            "<iframe src=\"java&#x09;script:\(run)\"></iframe>", "<iframe src=\"&#106;avascript:\(run)\"></iframe>",
            "<xmp><img title=\"</xmp><img src=x onerror=\(run)>\"></xmp>", "<template><img src=x onerror=\"\(run)\"></template>",
            "<a href=x title=\"\\\" onmouseover=x\">a</a><img src=x onerror=\"\(run)\"//",
        ]
    }

    private func page(_ body: [String]) async throws -> String {
        let directory = try TemporaryDirectory("sanitizer-browser")
        let path = directory.path + "/page.html"
        let html = "<!doctype html><html><head><meta charset=utf-8></head><body>\n" + body.joined(separator: "\n<hr>\n") + "\n</body></html>"
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try await Browser.load("file://" + path)
        return loaded.console.filter { $0.contains("XSS") }.joined(separator: "\n")
    }

    @Test(.timeLimit(.minutes(15)))
    func payloadsRunUnsanitisedAndNeverSanitised() async throws {
        let payloads = Self.payloads(0).indices.map { Self.payloads($0)[$0] }
        let raw = try await page(payloads)
        #expect(raw.components(separatedBy: "XSS").count - 1 >= 8, "the payloads must run in a raw page, or the test proves nothing: \(raw)")
        for base in [nil, "http://news.example.cn/a/"] {
            let sanitised = payloads.map { HTMLSanitizer.sanitize($0, baseURL: base) }
            #expect(try await page(sanitised).isEmpty, "ran after sanitising: \(sanitised)")
        }
    }
}
