import Alerting
import Foundation
import Hummingbird
import Reports

/// The read-only web view: server-rendered pages (no script, no external resource) over
/// the same queries as the CLI — 总览 `/`, 态势 `/trends`, 事件 `/stories`, 条目 `/items`,
/// 信息源 `/sources`, 告警 `/alerts`, 报告 `/report`. Mounted beside `/metrics` by the
/// daemon; pages read through `WebViewSettings.data` (this node's files, read on NIO's
/// thread pool and never on the event loop, or the cluster's database), and a rendered
/// page is served again for `cacheSeconds` to every screen that asks for it.
public struct WebView: Sendable {
    public let settings: WebViewSettings

    public init(settings: WebViewSettings) {
        self.settings = settings
    }

    /// Closes what the pages' data source holds open; the daemon calls it once its server
    /// has stopped.
    public func shutdown() async {
        await settings.data.shutdown()
    }

    /// Adds the pages to `router`, behind the password when there is one.
    public func register(on router: Router<BasicRequestContext>) {
        let pages = WebPages(settings: settings)
        let cache = PageCache(lifetime: .seconds(settings.cacheSeconds))
        let group = router.group("")
        if let password = settings.password { group.add(middleware: WebAuthenticator(password: password)) }
        let routes: [(String, @Sendable (WebPages, WebRequest) async throws -> String)] = [
            ("/", { try await $0.overview($1) }),
            ("/trends", { try await $0.trends($1) }),
            ("/stories", { try await $0.stories($1) }),
            ("/items", { try await $0.items($1) }),
            ("/sources", { try await $0.sources($1) }),
            ("/alerts", { try await $0.alerts($1) }),
            ("/report", { try await $0.report($1) }),
        ]
        for (path, render) in routes {
            group.get(RouterPath(path)) { request, _ -> Response in
                let query = WebRequest(path: path, rawQuery: request.uri.query ?? "", now: settings.clock.now())
                let key = path + "?" + (request.uri.query ?? "")
                if let cached = await cache.page(key) { return Self.html(cached, status: .ok) }
                do {
                    let html = try await render(pages, query)
                    await cache.store(html, for: key)
                    return Self.html(html, status: .ok)
                } catch let error as WebRequest.Invalid {
                    return Self.html(pages.errorPage(error.message, request: query), status: .badRequest)
                } catch {
                    return Self.html(pages.errorPage("读取数据失败：\(error)", request: query), status: .internalServerError)
                }
            }
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = WebSecurityHeaders.fields
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
