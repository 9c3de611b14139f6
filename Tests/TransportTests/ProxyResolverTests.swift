import Testing

@testable import Transport

struct ProxyResolverTests {
    let environment = ["https_proxy": "http://proxy.corp:3128", "http_proxy": "http://proxy.corp:8080", "no_proxy": ".gov.cn,localhost,10.1.2.3"]

    @Test func environmentVariablesAndNoProxy() {
        #expect(ProxyResolver.proxy(for: "https://news.example.cn/rss", setting: .environment, environment: environment) == "http://proxy.corp:3128")
        #expect(ProxyResolver.proxy(for: "http://news.example.cn/rss", setting: .environment, environment: environment) == "http://proxy.corp:8080")
        #expect(ProxyResolver.proxy(for: "https://www.miit.gov.cn/rss", setting: .environment, environment: environment) == nil)
        #expect(ProxyResolver.proxy(for: "http://localhost:8080/", setting: .environment, environment: environment) == nil)
        #expect(ProxyResolver.proxy(for: "http://a.cn/", setting: .environment, environment: [:]) == nil)
        #expect(ProxyResolver.proxy(for: "http://a.cn/", setting: .environment, environment: ["HTTP_PROXY": "http://evil:1"]) == nil,
            "upper-case HTTP_PROXY is ignored, as curl does (httpoxy)")
        #expect(ProxyResolver.proxy(for: "http://a.cn/", setting: .environment, environment: ["ALL_PROXY": "socks5h://s:1080"]) == "socks5h://s:1080")
    }

    @Test func configuredProxyWins() {
        #expect(ProxyResolver.proxy(for: "https://www.miit.gov.cn/", setting: .url("http://p:1"), environment: environment) == "http://p:1")
        #expect(ProxyResolver.proxy(for: "https://news.example.cn/", setting: .none, environment: environment) == nil)
    }

    @Test func originBehindAProxyIsStillJudged() {
        #expect(ProxyResolver.refusedOrigin("http://127.0.0.1:8080/") == "127.0.0.1")
        #expect(ProxyResolver.refusedOrigin("http://[::1]/") == "::1")
        #expect(ProxyResolver.refusedOrigin("http://202.108.22.5/") == nil)
    }
}
