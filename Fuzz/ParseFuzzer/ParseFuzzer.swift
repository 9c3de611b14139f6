// libFuzzer entry point over yuqing's parse entry points (feeds, HTML list pages, JSON
// sources and JSONPath queries).
// Build and run: see FUZZING in README.md.

import Feeds
import Foundation
import Markup

private let htmlRules = try? HTMLListRules(item: "ul.list > li", date: "span.date")
/// Made per input, not held in a global: LeakSanitizer cannot follow pointers that Swift
/// stores with tag bits in multi-payload enums, and reports a global's as leaked.
private func jsonRules() -> JSONListRules? {
    try? JSONListRules(
        items: JSONPath("$..[?@.title]"), title: JSONField("$.title"), link: JSONField("https://a.cn/{id}"),
        date: JSONField("$.time"), hot: JSONField("$.hot"))
}

/// A path read item by item (`JSONItemStream`), and one the tree evaluates that selects
/// the same nodes: the two must agree.
private func streamedRules(items: String) -> JSONListRules? {
    try? JSONListRules(items: JSONPath(items), title: JSONField("$.title"), date: JSONField("$.time"), hot: JSONField("$.hot"))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parser = FeedParser(dates: FeedDateParser(now: Date()))
    _ = try? parser.parse(bytes, contentType: nil, baseURL: "http://fuzz.example.cn/feed.xml")
    _ = try? parser.parse(bytes, contentType: "text/xml; charset=gbk", baseURL: nil)
    if let htmlRules {
        _ = try? parser.parseHTMLList(bytes, contentType: nil, baseURL: "http://fuzz.example.cn/", rules: htmlRules)
    }
    if let jsonRules = jsonRules() {
        _ = try? parser.parseJSONList(bytes, contentType: "application/json", baseURL: "http://fuzz.example.cn/", rules: jsonRules)
    }
    if let streamed = streamedRules(items: "$.data.items[*]"), let tree = streamedRules(items: "$.data.items[?@]") {
        let fromStream = try? parser.parseJSONList(bytes, contentType: "application/json", baseURL: nil, rules: streamed)
        let fromTree = try? parser.parseJSONList(bytes, contentType: "application/json", baseURL: nil, rules: tree)
        if let fromStream, let fromTree {
            let titles = { (feed: ParsedFeed) in feed.entries.compactMap(\.title).sorted() }
            precondition(titles(fromStream) == titles(fromTree), "streamed and tree selections differ")
        }
    }
    // The input as a summary: what the sanitiser writes, parsed as the tree sanitiser
    // parses, must hold nothing the tree sanitiser would remove.
    let html = String(decoding: bytes, as: UTF8.self)
    for base in [nil, "http://fuzz.example.cn/a/"] {
        let sanitised = HTMLSanitizer.sanitize(html, baseURL: base)
        precondition(!HTMLTreeSanitizer.containsDanger(fragment: sanitised), "the sanitiser let through: \(sanitised.debugDescription)")
    }
    // The first line as a JSONPath query, the rest as the document it runs on.
    if let newline = bytes.firstIndex(of: 0x0A), let query = try? JSONPath(String(decoding: bytes[..<newline], as: UTF8.self)),
        let document = try? JSONValue.parse(Array(bytes[(newline + 1)...]))
    {
        _ = query.select(document)
    } else {
        _ = try? JSONPath(String(decoding: bytes, as: UTF8.self))
    }
    return 0
}

#if FUZZING
// SwiftPM links executables with `main` renamed to `<target>_main`; hand control to
// libFuzzer's own driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("yuqing_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzParse(data, size) }
}
#else
/// Without libFuzzer (a plain `swift build`): replay the files named on the command line
/// through the same entry point, e.g. a crash file the fuzzer saved.
@main
struct ReplayFuzzInputs {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() else { continue }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { fuzzParse($0.baseAddress, $0.count) }
            print("ok \(path)")
        }
    }
}
#endif
