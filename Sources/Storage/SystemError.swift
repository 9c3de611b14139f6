import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a storage path: errno becomes a Swift error here, in one place.
public struct StorageError: Error, CustomStringConvertible, Equatable {
    public var operation: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }

    /// True when the disk (or quota) is full: the write should be retried later.
    public var isDiskFull: Bool { errno == ENOSPC || errno == EDQUOT }
}

enum SystemCall {
    /// Runs `body`, turning a -1 result into a `StorageError` carrying errno; retries EINTR.
    @discardableResult
    static func check<T: BinaryInteger>(_ operation: String, _ path: String, _ body: () -> T) throws(StorageError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw StorageError(operation: operation, path: path, errno: code)
        }
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StorageError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written == -1 {
                if Glibc.errno == EINTR { continue }
                throw StorageError(operation: "write", path: path, errno: Glibc.errno)
            }
            offset += written
        }
    }

    /// fsync of a directory, so that a rename or a new file in it is durable.
    static func syncDirectory(_ path: String) throws(StorageError) {
        let fd = try check("open", path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try check("fsync", path) { fsync(fd) }
    }

    /// Replaces the file at `path` with `bytes` atomically: a temp file written and fsynced,
    /// renamed over the old one, and the directory fsynced. A reader sees the old or the new
    /// content; a crash leaves at worst a stray `.tmp` file.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(StorageError) {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temporary = path + ".tmp"
        let fd = try check("open", temporary) { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
        do {
            try writeAll(fd, bytes, path: temporary)
            try check("fsync", temporary) { fsync(fd) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        try check("rename", path) { rename(temporary, path) }
        try syncDirectory(directory)
    }

    static func makeDirectory(_ path: String) throws(StorageError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o750) == -1 && Glibc.errno != EEXIST {
                throw StorageError(operation: "mkdir", path: current, errno: Glibc.errno)
            }
        }
    }
}
