import Foundation

/// Headless Chromium (Debian's `chromium`, or `$CHROMIUM`) for the tests that look at
/// pages: the DOM after load, every console message (a script error, a blocked resource
/// or a Content-Security-Policy violation all show there), and a screenshot under
/// `.build/screenshots/` for a person to look at.
public enum Browser {
    public struct Page: Sendable {
        public var dom: String
        /// Console messages, one per line Chromium logged.
        public var console: [String]
    }

    public static var executable: String {
        if let chosen = ProcessInfo.processInfo.environment["CHROMIUM"] { return chosen }
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "chromium"
    }

    /// Where screenshots go: `.build/screenshots` of the package.
    public static let screenshots = Harness.testsDirectory.deletingLastPathComponent().appendingPathComponent(".build/screenshots")

    /// Loads `url`, returns its DOM and console, and writes `screenshot` (a file name) when given.
    public static func load(_ url: String, screenshot: String? = nil, height: Int = 2000) async throws -> Page {
        let profile = try TemporaryDirectory("chromium")
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--hide-scrollbars", "--window-size=1200,\(height)",
        ]
        let loaded = try await run(common + ["--dump-dom", url])
        if let screenshot {
            try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
            let path = screenshots.appendingPathComponent(screenshot).path
            try? FileManager.default.removeItem(atPath: path)
            _ = try await run(common + ["--screenshot=\(path)", url])
            guard FileManager.default.fileExists(atPath: path) else { throw Failure("chromium wrote no screenshot of \(url)") }
        }
        let console = loaded.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: loaded.stdout, console: console)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static func run(_ arguments: [String]) async throws -> (stdout: String, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure("cannot start \(executable) (install Debian's chromium: bash Scripts/setup.sh --test)")
        }
        let result = try await ChildProcess.run(URL(fileURLWithPath: executable), arguments, timeout: 120)
        return (String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }
}
