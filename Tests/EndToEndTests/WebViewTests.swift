import Foundation
import Testing
import YuqingTesting

/// The web view of a running daemon: every page loads in headless Chromium without a
/// console message (so no script runs and nothing external is fetched), shows what it
/// should, filters as the CLI does; off loopback it needs its password.
struct WebViewTests {
    struct Fetched: Decodable {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// A GET through Python's urllib (`Tests/Servers/http_get.py`).
    static func get(_ url: String, authorization: String? = nil) async throws -> Fetched {
        let script = Harness.serversDirectory.appendingPathComponent("http_get.py").path
        let result = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), [Harness.python, script, url] + (authorization.map { [$0] } ?? []))
        return try JSONDecoder().decode(Fetched.self, from: Data(result.output.utf8))
    }

    @Test func everyPageLoadsInABrowser() async throws {
        let port = MetricsTests.freePort()
        let fixture = try await ReplayedData(seed: 21, extra: "metrics: { listen: \"127.0.0.1:\(port)\", web: true }")
        let daemon = try Daemon(config: fixture.config, environment: [:], log: fixture.scratch.file("run.log"))
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        let up = try await Harness.waitUntil(seconds: 30) { (try? await Self.get(base + "/sources").body.contains("失败")) == true }
        #expect(up, "\(daemon.logText.suffix(2000))")

        let pages: [(path: String, name: String, expected: [String])] = [
            ("/", "overview", ["舆情总览", "新增事件", "话题态势（近24小时）", "传播最广的事件", "最新告警"]),
            ("/trends?since=3d", "trends", ["话题态势", "<svg", "校园", "交通"]),
            ("/stories", "stories", ["事件（按传播范围）", "传播路径：首发"]),
            ("/items?q=%E5%9C%B0%E9%93%81&sentiment=negative", "items", ["条目", "包含文字", "地铁"]),
            ("/sources", "sources", ["信息源状况", "新华网", "失败"]),
            ("/alerts", "alerts", ["告警", "待发送"]),
            ("/report?since=7d", "report", ["舆情周报", "重点事件", "<svg"]),
        ]
        for page in pages {
            let loaded = try await Browser.load(base + page.path, screenshot: "web-\(page.name).png")
            #expect(loaded.console.isEmpty, "\(page.path): \(loaded.console)")
            for expected in page.expected { #expect(loaded.dom.contains(expected), "\(page.path) shows \(expected)") }
            #expect(loaded.dom.contains("<nav>") && loaded.dom.contains("http-equiv=\"refresh\"") == (page.name != "report"))
            #expect(!loaded.dom.contains("<script") && !loaded.dom.contains("href=\"javascript:"), "\(page.path)")
        }

        let items = try await Self.get(base + "/items?q=%E5%9C%B0%E9%93%81&sentiment=negative")
        #expect(items.status == 200)
        #expect(items.headers["content-security-policy"]?.contains("default-src 'none'") == true && items.headers["x-content-type-options"] == "nosniff")
        let rows = items.body.components(separatedBy: "<tr>").dropFirst(2)
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("地铁") && $0.contains("负面") }, "every row is a negative item about 地铁")
        let local = try await Self.get(base + "/items?region=%E6%9C%AC%E5%B8%82&limit=500")
        #expect(local.status == 200 && local.body.contains("钱塘区") && !local.body.contains("温州"), "本市 is the home region")
        let bad = try await Self.get(base + "/trends?since=forever")
        #expect(bad.status == 400 && bad.body.contains("时间跨度"))
        #expect(try await Self.get(base + "/items?region=%E7%81%AB%E6%98%9F").body.contains("地域「火星」"))
        #expect(try await Self.get(base + "/metrics").status == 200, "/metrics still answers beside the pages")
        #expect(try await daemon.terminate() == 0)
    }

    @Test func thePasswordIsRequiredWhenGiven() async throws {
        let port = MetricsTests.freePort()
        let fixture = try await ReplayedData(seed: 22, extra: "metrics: { listen: \"127.0.0.1:\(port)\", web: true, web_password_env: YUQING_WEB_PASSWORD }")
        let password = "correct horse battery"
        let daemon = try Daemon(config: fixture.config, environment: ["YUQING_WEB_PASSWORD": password], log: fixture.scratch.file("run.log"))
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        _ = try await Harness.waitUntil(seconds: 30) { (try? await Self.get(base + "/healthz").status) == 200 }
        let anonymous = try await Self.get(base + "/items")
        #expect(anonymous.status == 401 && anonymous.headers["www-authenticate"]?.hasPrefix("Basic realm=\"yuqing\"") == true)
        let wrong = try await Self.get(base + "/items", authorization: "Basic " + Data("duty:wrong password!".utf8).base64EncodedString())
        #expect(wrong.status == 401)
        let basic = try await Self.get(base + "/items", authorization: "Basic " + Data("duty:\(password)".utf8).base64EncodedString())
        #expect(basic.status == 200 && basic.body.contains("条目"))
        #expect(try await Self.get(base + "/", authorization: "Bearer " + password).status == 200)
        #expect(try await Self.get(base + "/metrics").status == 200, "metrics stay open to the local scraper")
        #expect(try await daemon.terminate() == 0)

        // Reachable from other machines without a password: refused at load.
        let exposed = fixture.scratch.file("exposed.yml")
        try (try String(contentsOf: fixture.config, encoding: .utf8)).replacingOccurrences(
            of: "metrics: { listen: \"127.0.0.1:\(port)\", web: true, web_password_env: YUQING_WEB_PASSWORD }",
            with: "metrics: { listen: \"0.0.0.0:\(port)\", web: true }"
        ).write(to: exposed, atomically: true, encoding: .utf8)
        let check = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), ["sh", "-c", "'\(Harness.binary.path)' check --config '\(exposed.path)' 2>&1"])
        #expect(check.status != 0 && check.output.contains("reachable from other machines"), "\(check.output)")
        let unset = try await Harness.run(URL(fileURLWithPath: "/usr/bin/env"), ["-u", "YUQING_WEB_PASSWORD", "sh", "-c", "'\(Harness.binary.path)' check --config '\(fixture.config.path)' 2>&1"])
        #expect(unset.output.contains("网页视图未启用 (web_password_env YUQING_WEB_PASSWORD is not set)"), "\(unset.output)")
    }
}
