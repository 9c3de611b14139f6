import Foundation
import Testing
import YuqingTesting

/// Every channel kind against real receivers on loopback (`Tests/Servers/alert_receivers.py`):
/// signatures verified by the receivers, robot error bodies, 429, SMTP with STARTTLS and AUTH,
/// messages parsed by Python's MIME parser.
@Suite(.serialized)
struct AlertChannelTests {
    struct Call: Decodable {
        var path: String
        var verified: Bool
        var status: Int
        var key: String?
        var custom: String?
        var bytes: Int
    }

    struct Mail: Decodable {
        var server: String
        var mail_from: String
        var rcpt_tos: [String]
        var headers: [[String]]
        var raw_header_names: [String]
        var subject: String
        var content_type: String
        var parts: [Part]
        var tls: Bool

        struct Part: Decodable {
            var type: String
            var charset: String?
            var encoding: String?
            var text: String
        }
    }

    static let secret = "SEC-test-secret"

    private func config(_ server: PythonServer, directory: URL, extraSources: String = "", rules: String = "") throws -> URL {
        let http = "http://127.0.0.1:\(server.ports["http"] ?? 0)"
        let cert = server.stateDirectory.appendingPathComponent("cert.pem").path
        let file = directory.appendingPathComponent("feeds.yml")
        try """
            storage: { dir: \(directory.appendingPathComponent("data").path) }
            network: { allow_private_networks: true }
            defaults: { interval: 1h }
            sources:
              - { id: hostile, url: "\(http)/feed.xml" }
            \(extraSources)
            topics:
              - { name: 食品安全, query: '食品安全 | 过期食品' }
            alerts:
              channels:
                ding: { type: dingtalk, url: "\(http)/dingtalk?access_token=abc", secret_env: ROBOT_SECRET }
                ding-wrong-secret: { type: dingtalk, url: "\(http)/dingtalk?access_token=abc", secret_env: WRONG_SECRET }
                ding-bad: { type: dingtalk, url: "\(http)/dingtalk-bad" }
                feishu: { type: feishu, url: "\(http)/feishu", secret_env: ROBOT_SECRET }
                wecom: { type: wecom, url: "\(http)/wecom" }
                slack: { type: slack, url: "\(http)/slack" }
                hook: { type: webhook, url: "\(http)/webhook", secret_env: ROBOT_SECRET, headers: { X-Team: ops } }
                limited: { type: webhook, url: "\(http)/r429" }
                flaky: { type: webhook, url: "\(http)/flaky" }
                mail:
                  type: email
                  smtp: "smtp://127.0.0.1:\(server.ports["smtp_tls"] ?? 0)"
                  from: yuqing@example.cn
                  to: [duty@example.cn, lead@example.cn]
                  username: yuqing
                  password_env: SMTP_PASSWORD
                  ca_file: "\(cert)"
                mail-cleartext: { type: email, smtp: "smtp://127.0.0.1:\(server.ports["smtp_plain"] ?? 0)", from: yuqing@example.cn, to: [duty@example.cn] }
                mail-cleartext-ok: { type: email, smtp: "smtp://127.0.0.1:\(server.ports["smtp_plain"] ?? 0)", from: yuqing@example.cn, to: [duty@example.cn], starttls: optional }
            \(rules)
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    private let environment = ["ROBOT_SECRET": secret, "WRONG_SECRET": "not-the-secret", "SMTP_PASSWORD": "s3cret-pw", "NO_COLOR": "1"]

    @Test func testAlertThroughEveryChannel() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await PythonServer(script: "alert_receivers.py", directory: directory, arguments: ["--secret", Self.secret])
        defer { server.stop() }
        let file = try config(server, directory: directory)
        func testAlert(_ channel: String) async throws -> (status: Int32, output: String) {
            try await Harness.runCLI(["test-alert", "--config", file.path, channel], environment: environment)
        }
        for channel in ["ding", "feishu", "wecom", "slack", "hook", "mail", "mail-cleartext-ok"] {
            let result = try await testAlert(channel)
            #expect(result.status == 0, "\(channel): \(result.output)")
            #expect(result.output.contains("已送达"), "\(channel)")
        }
        let wrong = try await testAlert("ding-wrong-secret")
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("310000"), "the robot's error body is a failure: \(wrong.output)")
        let bad = try await testAlert("ding-bad")
        #expect(bad.status == 1)
        #expect(bad.output.contains("300001 token is not exist"))
        let limited = try await testAlert("limited")
        #expect(limited.status == 1)
        #expect(limited.output.contains("429"))
        let cleartext = try await testAlert("mail-cleartext")
        #expect(cleartext.status == 1, "STARTTLS is required by default: \(cleartext.output)")

        let calls = try server.read([Call].self, from: "calls.json")
        for path in ["/dingtalk", "/feishu", "/wecom", "/slack", "/webhook"] {
            #expect(calls.contains { $0.path == path && $0.verified && $0.status == 200 }, "\(path) verified")
        }
        #expect(calls.first { $0.path == "/webhook" }?.custom == "ops")
        #expect(calls.first { $0.path == "/webhook" }?.key?.hasPrefix("test-") == true)
        let mails = try server.read([Mail].self, from: "mail.json")
        let secure = try #require(mails.first { $0.server == "smtp_tls" })
        #expect(secure.tls)
        #expect(secure.rcpt_tos == ["duty@example.cn", "lead@example.cn"])
        #expect(secure.subject == "【测试】yuqing 告警通道测试")
        #expect(secure.content_type == "multipart/alternative")
        #expect(secure.parts.map(\.type) == ["text/plain", "text/html"])
        #expect(secure.parts.allSatisfy { $0.charset == "utf-8" && $0.encoding == "base64" })
        #expect(secure.parts[0].text.contains("收到即表示通道 mail 配置正确"))
        #expect(mails.contains { $0.server == "smtp_plain" && !$0.tls })
        #expect(mails.count == 2, "nothing was sent in clear text to the server without STARTTLS unless allowed")
    }

    @Test func hostileFeedTextNeverBecomesAHeaderAndOutagesLoseNothing() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await PythonServer(script: "alert_receivers.py", directory: directory, arguments: ["--secret", Self.secret])
        defer { server.stop() }
        // The webhook receiver is down when the alerts fire.
        try Data().write(to: server.stateDirectory.appendingPathComponent("down"))
        let file = try config(server, directory: directory, rules: """
              rules:
                - { name: 食品告警, kind: item, min_score: 0, send: [mail, ding, wecom, flaky], group_wait: 0s, group_interval: 0s }
            """)
        let check = try await Harness.runCLI(["check", "--config", file.path], environment: environment)
        #expect(check.status == 0, "\(check.output)")
        let daemon = try Daemon(config: file, environment: environment, log: directory.appendingPathComponent("run.log"))
        defer { _ = kill(daemon.process.processIdentifier, SIGKILL) }

        // Ingestion goes on while a receiver is down.
        let fired = try await Harness.waitUntil(seconds: 30) {
            let mails = (try? server.read([Mail].self, from: "mail.json")) ?? []
            let calls = (try? server.read([Call].self, from: "calls.json")) ?? []
            return mails.count == 3 && calls.filter { $0.path == "/flaky" }.count >= 2
        }
        #expect(fired)
        let stored = try await Harness.runCLI(["items", "--config", file.path, "--json"]).output
        #expect(stored.split(separator: "\n").count == 3)
        try FileManager.default.removeItem(at: server.stateDirectory.appendingPathComponent("down"))
        let recovered = try await Harness.waitUntil(seconds: 45) {
            let calls = (try? server.read([Call].self, from: "calls.json")) ?? []
            return calls.filter { $0.path == "/flaky" && $0.status == 200 }.count >= 3
        }
        #expect(recovered)
        let calls = try server.read([Call].self, from: "calls.json")
        let accepted = calls.filter { $0.path == "/flaky" && $0.status == 200 }.compactMap(\.key)
        #expect(accepted.count == 3 && Set(accepted).count == 3, "each notification arrives exactly once after deduplication")
        #expect(calls.filter { $0.path == "/dingtalk" }.allSatisfy { $0.verified })

        let mails = try server.read([Mail].self, from: "mail.json")
        let expectedHeaders = ["From", "To", "Subject", "Date", "Message-ID", "X-Yuqing-Idempotency-Key", "MIME-Version", "Content-Type"]
        for mail in mails {
            #expect(mail.raw_header_names == expectedHeaders, "no injected header: \(mail.raw_header_names)")
            #expect(!mail.headers.contains { $0.first?.lowercased() == "bcc" })
            #expect(mail.rcpt_tos == ["duty@example.cn", "lead@example.cn"])
            #expect(!mail.subject.contains("\r") && !mail.subject.contains("\n"))
            #expect(mail.parts.map(\.type) == ["text/plain", "text/html"])
            #expect(!mail.parts[1].text.contains("<script>"), "feed text is escaped in HTML")
        }
        let subjects = mails.map(\.subject)
        #expect(subjects.contains { $0.contains("食品安全通报 Bcc: victim@evil.example") || $0.contains("食品安全通报  Bcc: victim@evil.example") })
        #expect(subjects.contains { $0.contains("=?utf-8?Q?=0D=0ABcc:_victim@evil.example?=") }, "a fake encoded-word stays literal text")
        #expect(mails.contains { $0.parts[1].text.contains("某地食品安全抽检") && $0.parts[1].text.contains("<table>") })
        let log = daemon.logText
        if log.contains("s3cret-pw") { Issue.record("log: \(log.split(separator: "\n").filter { $0.contains("s3cret-pw") })") }
        #expect(!daemon.logText.contains("s3cret-pw") && !daemon.logText.contains(Self.secret), "secrets never logged")
        let status = try await daemon.terminate()
        #expect(status == 0)
    }
}
