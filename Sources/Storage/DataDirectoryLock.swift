#if canImport(Glibc)
import Glibc
#endif

/// The one-writer lock of a data directory: `flock` on `<data>/LOCK`, held for the life
/// of the daemon and released by the kernel when the process ends, however it ends.
public final class DataDirectoryLock {
    /// Another process holds the lock.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "another yuqing daemon (\(holder)) already writes to this data directory (\(path)); stop it first or use another storage.dir"
        }
    }

    private let descriptor: Int32

    /// Takes the lock without waiting; writes this process's pid into the file.
    public init(dataDirectory: String) throws {
        try SystemCall.makeDirectory(dataDirectory)
        let path = dataDirectory + "/LOCK"
        descriptor = try SystemCall.check("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            close(descriptor)
            guard code == EWOULDBLOCK else { throw StorageError(operation: "flock", path: path, errno: code) }
            let pid = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).filter(\.isNumber) : ""
            throw Busy(path: path, holder: pid.isEmpty ? "pid unknown" : "pid \(pid)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
