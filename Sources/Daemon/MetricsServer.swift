import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import WebView

/// The Prometheus endpoint: `GET /metrics` (text format 0.0.4, from the registry swift-metrics
/// is bootstrapped with) and `GET /healthz` (200 while the pipeline answers within 5 s,
/// 503 otherwise), on the address of `metrics.listen`. A Hummingbird application, run as
/// one more service of the daemon's service group. With `metrics.web`, the read-only web
/// view's pages are served beside them (`WebView`). An endpoint that cannot listen (the port
/// is taken) is logged and the daemon goes on without it: monitoring must not stop
/// ingestion.
public struct MetricsServer: Service {
    let application: any Service
    let address: String
    let logger: Logger

    public init(host: String, port: Int, registry: PrometheusCollectorRegistry, pipeline: Pipeline, webView: WebView? = nil, logger: Logger) {
        application = Self.application(host: host, port: port, registry: registry, pipeline: pipeline, webView: webView, logger: logger)
        address = "\(host):\(port)"
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await application.run()
        } catch {
            logger.error("metrics endpoint unavailable; going on without it", metadata: ["listen": "\(address)", "error": "\(error)"])
            try? await gracefulShutdown()
        }
    }

    private static func application(
        host: String, port: Int, registry: PrometheusCollectorRegistry, pipeline: Pipeline, webView: WebView?, logger: Logger
    ) -> any Service {
        let router = Router()
        webView?.register(on: router)
        router.get("metrics") { _, _ -> Response in
            await pipeline.refreshGauges()
            let body = registry.emitToBuffer()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("healthz") { _, _ -> Response in
            let line = await withTaskGroup(of: String?.self) { group in
                group.addTask { await pipeline.healthLine() }
                group.addTask {
                    try? await Task.sleep(for: .seconds(5))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let line else {
                return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "stalled: the pipeline did not answer within 5 s\n")))
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok \(line)\n")))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "yuqing"),
            logger: logger)
    }
}
