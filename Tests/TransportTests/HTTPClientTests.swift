import Foundation
import Testing

import YuqingTesting

@testable import Transport

/// Starts `Tests/Servers/fault_server.py` on free loopback ports for the suite.
final class LoopbackServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yuqing-transport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/fault_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Harness.python, script.path, "--state-dir", directory.path]
        try process.run()
        let portFile = directory.appendingPathComponent("ports.json")
        var port: Int?
        for _ in 0..<200 where port == nil {
            port = (try? Data(contentsOf: portFile)).flatMap { try? JSONDecoder().decode([String: Int].self, from: $0) }?["http"]
            if port == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        guard let port else { throw CocoaError(.fileReadNoSuchFile) }
        self.port = port
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// One server and one client for the whole suite; both live until the test process ends.
enum Shared {
    static let server = try! LoopbackServer()
    static let client = try! HTTPClient()
}

struct HTTPClientTests {
    let server = Shared.server
    let client = Shared.client
    let loopback = ConnectionPolicy(allowPrivateNetworks: true)

    @Test func getReturnsStatusHeadersAndBody() async throws {
        let response = try await client.send(HTTPRequest(url: server.url("/ok"), policy: loopback))
        #expect(response.status == 200)
        #expect(response.headers["x-test"] == "yes")
        #expect(String(decoding: response.body, as: UTF8.self) == "你好，yuqing")
        #expect(response.effectiveURL == server.url("/ok"))
    }

    @Test func conditionalGetGets304() async throws {
        let first = try await client.send(HTTPRequest(url: server.url("/etag"), policy: loopback))
        let etag = try #require(first.headers["ETag"])
        #expect(etag == "\"e1\"")
        let second = try await client.send(HTTPRequest(url: server.url("/etag"), headers: [("If-None-Match", etag)], policy: loopback))
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
    }

    @Test func postSendsBodyAndHeaders() async throws {
        let body = Array("{\"标题\":\"测试\"}".utf8)
        let response = try await client.send(HTTPRequest(
            url: server.url("/echo"), method: .post, headers: [("Content-Type", "application/json"), ("X-Key", "abc")],
            body: body, policy: loopback))
        let echoed = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(echoed?["body"] as? String == "{\"标题\":\"测试\"}")
        #expect((echoed?["headers"] as? [String: String])?["X-Key"] == "abc")
        #expect((echoed?["headers"] as? [String: String])?["User-Agent"]?.hasPrefix("yuqing/") == true)
    }

    @Test func bodyLimitAppliesToPlainAndDecompressedBytes() async throws {
        let limits = TransferLimits(maxBodyBytes: 1 << 20)
        await #expect(throws: TransportError.bodyTooLarge(limit: 1 << 20)) {
            _ = try await self.client.send(HTTPRequest(url: self.server.url("/big"), limits: limits, policy: self.loopback))
        }
        await #expect(throws: TransportError.bodyTooLarge(limit: 1 << 20)) {
            _ = try await self.client.send(HTTPRequest(url: self.server.url("/gzip-bomb"), limits: limits, policy: self.loopback))
        }
    }

    @Test func slowDripIsCutOff() async throws {
        let limits = TransferLimits(totalTimeout: 3, lowSpeedBytesPerSecond: 10, lowSpeedSeconds: 2)
        // A client of its own: the suite's shared one may have its connections to this host
        // busy with other tests' slow transfers.
        let client = try HTTPClient()
        defer { client.shutdown() }
        let started = Date()
        var message = ""
        await #expect {
            _ = try await client.send(HTTPRequest(url: self.server.url("/drip"), limits: limits, policy: self.loopback))
        } throws: { error in
            guard case TransportError.timedOut(let text) = error else { return false }
            message = text
            return true
        }
        // curl says which limit cut the transfer off; the wall clock only guards against a
        // hang (a busy CI machine delays when this task runs again, not the transfer).
        #expect(message.contains("too slow") || message.contains("timed out after"), "\(message)")
        if let elapsed = message.firstMatch(of: /after (\d+) milliseconds/).flatMap({ Int($0.1) }) {
            #expect(elapsed < 5000, "\(message)")
        }
        #expect(Date().timeIntervalSince(started) < 300)
    }

    @Test func onlyHTTPAndHTTPSAlsoOnRedirects() async throws {
        await #expect(throws: TransportError.self) {
            _ = try await self.client.send(HTTPRequest(url: "ftp://127.0.0.1/file", policy: self.loopback))
        }
        await #expect(throws: TransportError.self) {
            _ = try await self.client.send(HTTPRequest(url: "file:///etc/passwd", policy: self.loopback))
        }
        await #expect(throws: TransportError.self) {
            _ = try await self.client.send(HTTPRequest(url: self.server.url("/redirect-ftp"), policy: self.loopback))
        }
        await #expect(throws: TransportError.self) {
            _ = try await self.client.send(HTTPRequest(url: self.server.url("/redirect-loop"), policy: self.loopback))
        }
    }

    @Test func privateAddressesRefusedByDefault() async throws {
        for url in [server.url("/ok"), "http://2130706433:\(server.port)/ok", "http://0x7f.1:\(server.port)/ok", "http://localhost:\(server.port)/ok"] {
            await #expect {
                _ = try await self.client.send(HTTPRequest(url: url))
            } throws: { error in
                if case TransportError.addressRefused = error { return true }
                // Resolvers may reject the numeric forms before connecting: also a refusal.
                if case TransportError.curl = error { return !url.contains("127.0.0.1") && !url.contains("localhost") }
                return false
            }
        }
    }

    @Test func headerInjectionIsRejected() async throws {
        await #expect(throws: TransportError.invalidHeader("X-Evil")) {
            _ = try await self.client.send(HTTPRequest(url: self.server.url("/ok"), headers: [("X-Evil", "a\r\nInjected: yes")], policy: self.loopback))
        }
    }

    @Test func manyConcurrentTransfersShareOneLoop() async throws {
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask { try await self.client.send(HTTPRequest(url: self.server.url("/ok"), policy: self.loopback)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 40)
        #expect(statuses.allSatisfy { $0 == 200 })
    }
}
