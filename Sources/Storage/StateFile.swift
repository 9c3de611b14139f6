import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small JSON state file replaced atomically: written to a temp file, fsynced, renamed
/// over the old one, and the directory fsynced. A reader sees the old or the new
/// version, never a mix; a crash leaves at worst a stray `.tmp` file, which is ignored.
public struct StateFile<Value: Codable & Sendable>: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The stored value, or nil when the file does not exist yet.
    public func load() throws -> Value? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try RecordCoding.decoder().decode(Value.self, from: data)
    }

    public func save(_ value: Value) throws {
        try SystemCall.writeAtomically(Array(try RecordCoding.encoder().encode(value)) + [0x0A], to: path)
    }
}

/// Files replaced whole, atomically and durably (as `StateFile` writes them), for callers
/// that keep their own format.
public enum AtomicFile {
    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        try SystemCall.writeAtomically(bytes, to: path)
    }
}
