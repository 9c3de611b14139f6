import Foundation
import Yams

/// A YAML node with its path in the document, for typed reads with located errors.
/// Reads record problems in the shared `ConfigDiagnostics` and return nil instead of
/// throwing, so that one pass reports every problem in the file.
struct ConfigNode {
    let node: Node
    let path: String
    let diagnostics: ConfigDiagnostics

    func error(_ message: String) {
        diagnostics.add(node: node, path: path, message: message)
    }

    /// Reports an error at a column inside this scalar's text (1-based), for messages
    /// about part of a value such as a topic query. Quoted scalars start one column later.
    func error(_ message: String, atColumn column: Int) {
        guard let mark = node.mark else { return error(message) }
        var quoted = 0
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { quoted = 1 }
        let isBlock: Bool
        if case .scalar(let scalar) = node { isBlock = scalar.style == .literal || scalar.style == .folded } else { isBlock = false }
        diagnostics.add(ConfigError(
            file: diagnostics.file, line: mark.line, column: isBlock ? mark.column : mark.column + quoted + column - 1,
            path: path, message: message))
    }

    /// The mapping's values by key; keys outside `allowed` are reported as errors.
    func mapping(allowed: Set<String>) -> [String: ConfigNode]? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping")
            return nil
        }
        var result: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let child = ConfigNode(node: value, path: path.isEmpty ? key : "\(path).\(key)", diagnostics: diagnostics)
            guard allowed.contains(key) else {
                let suggestion = allowed.min { Self.distance($0, key) < Self.distance($1, key) }
                    .flatMap { Self.distance($0, key) <= 2 ? " (did you mean \"\($0)\"?)" : nil } ?? ""
                ConfigNode(node: keyNode, path: child.path, diagnostics: diagnostics)
                    .error("unknown key \"\(key)\"\(suggestion); allowed: \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            if result[key] != nil {
                child.error("duplicate key")
            }
            result[key] = child
        }
        return result
    }

    func list() -> [ConfigNode]? {
        guard case .sequence(let sequence) = node else {
            error("expected a list")
            return nil
        }
        return sequence.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", diagnostics: diagnostics) }
    }

    func string() -> String? {
        guard case .scalar(let scalar) = node else {
            error("expected a string")
            return nil
        }
        return scalar.string
    }

    func strings() -> [String]? {
        if case .scalar = node, let single = string() { return [single] }
        return list()?.compactMap { $0.string() }
    }

    func int(in range: ClosedRange<Int>) -> Int? {
        guard let text = string() else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error("expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            return nil
        }
        return value
    }

    func double(in range: ClosedRange<Double>) -> Double? {
        guard let text = string() else { return nil }
        guard let value = Double(text), range.contains(value) else {
            error("expected a number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            return nil
        }
        return value
    }

    func bool() -> Bool? {
        guard let text = string() else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("expected true or false, got \"\(text)\"")
            return nil
        }
    }

    /// `90s`, `10m`, `1h`, `2d` (a bare number is seconds) → seconds.
    func duration(in range: ClosedRange<Double>) -> Double? {
        guard let text = string() else { return nil }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var seconds = Double(text)
        for (suffix, factor) in units where seconds == nil && text.hasSuffix(suffix) {
            seconds = Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        guard let seconds, range.contains(seconds) else {
            error("expected a duration such as 30s, 10m, 1h from \(Int(range.lowerBound))s to \(Int(range.upperBound))s, got \"\(text)\"")
            return nil
        }
        return seconds
    }

    /// `512KiB`, `10MiB`, `1GiB`, `100KB` (a bare number is bytes) → bytes.
    func size(in range: ClosedRange<Int>) -> Int? {
        guard let text = string() else { return nil }
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)]
        var bytes = Int(text)
        for (suffix, factor) in units where bytes == nil && text.hasSuffix(suffix) {
            bytes = Double(text.dropLast(suffix.count)).map { Int($0 * Double(factor)) }
        }
        guard let bytes, range.contains(bytes) else {
            error("expected a size such as 512KiB or 10MiB from \(range.lowerBound) to \(range.upperBound) bytes, got \"\(text)\"")
            return nil
        }
        return bytes
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}

/// Collects configuration problems with their file positions.
final class ConfigDiagnostics {
    let file: String
    private(set) var errors: [ConfigError] = []

    init(file: String) {
        self.file = file
    }

    func add(_ error: ConfigError) {
        errors.append(error)
    }

    func add(node: Node?, path: String, message: String) {
        let mark = node?.mark
        errors.append(ConfigError(file: file, line: mark?.line, column: mark?.column, path: path, message: message))
    }
}
