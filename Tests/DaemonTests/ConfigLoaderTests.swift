import Alerting
import Analysis
import Foundation
import Testing

@testable import Daemon

struct ConfigLoaderTests {
    func errors(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml, file: "test.yml", environment: [:])
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func validConfig() throws {
        let config = try ConfigLoader.parse("""
            storage: { dir: /var/lib/yuqing }
            defaults: { interval: 5m, timeout: 20s, max_bytes: 2MiB }
            sources:
              - { id: people, name: 人民网, url: "http://www.people.com.cn/rss/politics.xml", interval: 1h }
              - { id: local, url: "https://example.gov.cn/rss.xml", timezone: Asia/Urumqi }
            topics:
              - { name: 食品安全, any: [食品安全, 食物中毒], none: [演练] }
            alerts:
              channels: { hook: { type: webhook, url_env: HOOK_URL } }
              rules: [ { name: 高相关, kind: item, min_score: 70, send: [hook] } ]
            """, file: "feeds.yml", environment: ["HOOK_URL": "https://hooks.example.cn/x"])
        #expect(config.dataDirectory == "/var/lib/yuqing")
        #expect(config.sources.map(\.interval) == [3600, 300])
        #expect(config.sources[1].timeZone.identifier == "Asia/Urumqi")
        #expect(config.sources[0].maxBytes == 2 << 20)
        #expect(config.topics.first?.rule.description == "(食品安全 OR 食物中毒) AND NOT 演练")
        #expect(config.channels.first?.url == "https://hooks.example.cn/x")
        #expect((config.rules.first?.rule as? ItemAlertRule)?.minScore == 70)
    }

    @Test func unsetEnvironmentMakesAChannelInert() throws {
        let config = try ConfigLoader.parse("""
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            alerts: { channels: { hook: { type: webhook, url_env: NOT_SET } } }
            """, file: "f.yml", environment: [:])
        #expect(config.channels.first?.url == nil)
    }

    @Test func channelURLFromASystemdCredential() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yuqing-cred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "https://oapi.dingtalk.com/robot/send?access_token=secret\n".write(
            to: directory.appendingPathComponent("dingtalk-url"), atomically: true, encoding: .utf8)
        let yaml = """
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            alerts: { channels: { robot: { type: webhook, url_credential: dingtalk-url } } }
            """
        let config = try ConfigLoader.parse(yaml, file: "f.yml", environment: ["CREDENTIALS_DIRECTORY": directory.path])
        #expect(config.channels.first?.url == "https://oapi.dingtalk.com/robot/send?access_token=secret")
        #expect(config.channels.first?.urlOrigin == "url_credential dingtalk-url")
        let without = try ConfigLoader.parse(yaml, file: "f.yml", environment: [:])
        #expect(without.channels.first?.url == nil, "inert without the credential")
    }

    @Test func topicForms() throws {
        let config = try ConfigLoader.parse("""
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            analysis: { fold_traditional: false }
            topics:
              - name: 汛情
                query: '(暴雨 | 洪水) NEAR/10 (转移 | 被困) -演练'
                weight: 1.5
              - name: 校园食品
                region: [北京, 上海]
                subject: [学校, 幼儿园]
                event: [食物中毒, 腹泻^2]
                exclude: [演练]
            """, file: "feeds.yml")
        #expect(config.foldTraditional == false)
        #expect(config.topics[0].rule.description == "(暴雨 OR 洪水) NEAR/10 (转移 OR 被困) AND NOT 演练")
        #expect(config.topics[0].weight == 1.5)
        #expect(config.topics[1].rule.description == "(北京 OR 上海) AND (学校 OR 幼儿园) AND (食物中毒 OR 腹泻^2) AND NOT 演练")
    }

    @Test func queryErrorsPointAtTheirColumnInTheFile() {
        let plain = errors("""
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            topics:
              - name: t
                query: 暴雨 AND
            """)
        #expect(plain == ["test.yml:4:18: topics[0].query: expected a term after AND, found the end of the query"])
        let quoted = errors("""
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            topics:
              - { name: t, query: "暴雨 (洪水" }
            """)
        #expect(quoted == ["test.yml:3:27: topics[0].query: '(' is never closed"])
        let empty = errors("""
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            topics:
              - { name: t, none: [演练] }
            """)
        #expect(empty == ["test.yml:3:5: topics[0]: a topic needs terms to look for: \"query\", \"any\"/\"all\", or \"region\"/\"subject\"/\"event\""])
    }

    @Test func semanticErrorsNamePathLineAndColumn() {
        let found = errors("""
            sources:
              - { id: a, url: "https://a.cn/rss" }
              - { id: b, url: "ftp://a.cn/rss" }
              - { id: a, url: "https://b.cn/rss", intervall: 5m }
            """)
        #expect(found.contains("test.yml:3:19: sources[1].url: unsupported scheme \"ftp\"; only http and https are allowed"))
        #expect(found.contains { $0.hasPrefix("test.yml:4:11: sources[2].id: duplicate source id \"a\"") })
        #expect(found.contains { $0.contains("sources[2].intervall: unknown key \"intervall\" (did you mean \"interval\"?)") })
        #expect(found.count == 3)
    }

    /// JSON sources: every JSONPath is checked when the file is read, its error at its column.
    @Test func jsonSourcesAreCheckedPathByPath() throws {
        let found = errors("""
            sources:
              - id: hot
                url: "https://a.cn/api"
                type: json
                items: "$.data[*"
                fields:
                  title: "$.target.title"
                  link: "https://a.cn/q/{$.target..}"
              - { id: b, url: "https://b.cn/api", type: json, fields: { link: "$.u" } }
              - { id: c, url: "https://c.cn/rss", items: "$.x" }
            """)
        #expect(found.contains("test.yml:5:21: sources[0].items: expected , or ] in the brackets, found the end"))
        #expect(found.contains { $0.hasPrefix("test.yml:8:40: sources[0].fields.link: expected a member name") }, "\(found)")
        #expect(found.contains { $0.contains("sources[1]") && $0.contains("needs \"items\"") })
        #expect(found.contains { $0.contains("sources[2].items: \"items\" is for sources of type html, json") })
        let config = try ConfigLoader.parse("""
            sources:
              - { id: hot, url: "https://a.cn/api", type: json, items: "$.data[*]", fields: { title: "$.t", hot: "$.h" } }
            """, file: "t.yml")
        #expect(config.sources.first?.format.type == "json")
    }

    @Test func typesAndRangesAreChecked() {
        let found = errors("""
            defaults: { interval: soon, max_bytes: lots, timezone: Mars/Base }
            sources: [ { id: a, url: "https://a.cn/rss" } ]
            topics: [ { name: 空 } ]
            alerts:
              rules: [ { name: r, kind: hype, min_score: 101, send: [nowhere] } ]
            """)
        #expect(found.contains { $0.contains("defaults.interval: expected a duration") })
        #expect(found.contains { $0.contains("defaults.max_bytes: expected a size") })
        #expect(found.contains { $0.contains("unknown time zone \"Mars/Base\"") })
        #expect(found.contains { $0.contains("topics[0]: a topic needs terms to look for") })
        #expect(found.contains { $0.contains("alerts.rules[0].kind: unsupported rule kind \"hype\"") })
        #expect(found.contains { $0.contains("alerts.rules[0].min_score: expected a whole number from 0 to 100") })
        #expect(found.contains { $0.contains("alerts.rules[0].send: unknown channel \"nowhere\"") })
    }

    @Test func yamlSyntaxErrorsHaveLineAndColumn() {
        let found = errors("sources:\n  - { id: a, url: \"https://a.cn\"\n  bad: [\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("test.yml:") == true)
        #expect(found.first?.contains("YAML syntax error") == true)
    }

    @Test func starterConfigurationIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try ConfigLoader.load(path: root.appendingPathComponent("feeds.yml").path, environment: [:])
        #expect(config.sources.count >= 8)
        #expect(config.topics.count == 3)
        #expect(config.rules.map(\.kind) == ["item", "item", "spread", "trend", "source"])
        #expect(config.rules.map { type(of: $0.rule) == TrendAlertRule.self } == [false, false, false, true, false])
        #expect((config.rules[1].rule as? ItemAlertRule)?.sentiments == [.negative])
        #expect(config.sources.first { $0.id == "people-politics" }?.effectiveTier == .central)
        #expect(config.channels.first?.url == nil, "inert until YUQING_WEBHOOK_URL is set")
    }
}
