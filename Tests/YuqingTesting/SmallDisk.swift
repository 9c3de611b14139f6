import Foundation

/// A size-limited tmpfs mounted over a test's directory, to fill a disk for real. Mounting
/// needs root or CAP_SYS_ADMIN; `mount` returns nil where it cannot (the caller says it
/// skipped).
public struct SmallDisk: Sendable {
    public let path: String

    /// Mounts a tmpfs of `size` (as mount(8) writes it: `64k`, `1m`) at `path`.
    public static func mount(size: String, at path: String) -> SmallDisk? {
        run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]) ? SmallDisk(path: path) : nil
    }

    /// Makes the disk `size` large, keeping what it holds.
    @discardableResult
    public func resize(to size: String) -> Bool { Self.run("/bin/mount", ["-o", "remount,size=\(size)", path]) }

    public func unmount() { _ = Self.run("/bin/umount", [path]) }

    static func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
