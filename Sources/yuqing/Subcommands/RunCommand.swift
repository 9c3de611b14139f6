import ArgumentParser
import CoreMetrics
import Daemon
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import Storage
import Transport
import WebView

/// `yuqing run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the monitor: poll sources, score, store and alert until SIGTERM/SIGINT."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let config = try options.loadOrExit()
        LoggingSystem.bootstrap { _ in LineLogHandler(level: logLevel) }
        let logger = Logger(label: "yuqing")
        let client = try HTTPClient(maxConnections: config.maxConnections, maxConnectionsPerHost: config.maxConnectionsPerHost)
        defer { client.shutdown() }
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(config: config, client: client, logger: logger)
        } catch let busy as DataDirectoryLock.Busy {
            logger.critical("\(busy.description)")
            throw ExitCode(1)
        } catch {
            logger.critical("cannot open the data directory", metadata: ["dir": "\(config.dataDirectory)", "error": "\(error)"])
            throw ExitCode(1)
        }
        let service = MonitorService(config: config, pipeline: pipeline, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: service)]
        var webView: WebView?
        if let listen = config.metricsAddress {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            if let reason = config.web?.inertReason { logger.error("web view not served: its password is missing", metadata: ["reason": "\(reason)"]) }
            webView = config.web.flatMap { $0.inertReason == nil ? WebView(settings: WebViewSettings(config: config, password: $0.password)) : nil }
            services.append(.init(service: MetricsServer(
                host: listen.host, port: listen.port, registry: registry, pipeline: pipeline, webView: webView, logger: logger)))
            logger.info("metrics endpoint", metadata: ["listen": "http://\(listen.host):\(listen.port)/metrics"])
            if let web = config.web, web.inertReason == nil {
                logger.info("web view", metadata: ["url": "http://\(listen.host):\(listen.port)/", "password": "\(web.password == nil ? "none (loopback)" : "required")"])
            }
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        // The web view's database client closes once the server that used it has stopped.
        do {
            try await group.run()
        } catch {
            await webView?.shutdown()
            throw error
        }
        await webView?.shutdown()
    }
}

/// `--config` and `--data-dir`, shared by every command that reads a configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config = "feeds.yml"

    @Option(help: "Use this data directory instead of the configuration's storage.dir.")
    var dataDir: String?

    /// The validated configuration; on errors prints them all and exits with status 2.
    func loadOrExit() throws -> Config {
        do {
            var loaded = try ConfigLoader.load(path: config)
            if let dataDir { loaded.dataDirectory = dataDir }
            return loaded
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            FileHandle.standardError.write(Data("yuqing: \(error.errors.count) error(s) in \(config)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
