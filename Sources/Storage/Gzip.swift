internal import CYuqingZlib
import Foundation

/// gzip through zlib (the format `zcat` and DuckDB read): whole-file compression of closed
/// segments, and streaming decompression for reading them.
enum Gzip {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Compresses the file at `source` into `destination` (written, fsynced), streaming.
    static func compress(file source: String, to destination: String, level: Int32 = 6) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw Failure(description: "cannot open \(source)") }
        defer { try? input.close() }
        let fd = try SystemCall.check("open", destination) { open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
        defer { close(fd) }
        var stream = z_stream()
        guard yq_deflate_init_gzip(&stream, level) == Z_OK else { throw Failure(description: "deflateInit failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var finished = false
        while !finished {
            let chunk = try input.read(upToCount: 1 << 20) ?? Data()
            let flush = chunk.isEmpty ? Z_FINISH : Z_NO_FLUSH
            var bytes = [UInt8](chunk)
            var status = Z_OK
            try bytes.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                repeat {
                    let produced: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                        stream.next_out = outputBuffer.baseAddress
                        stream.avail_out = uInt(outputBuffer.count)
                        status = deflate(&stream, flush)
                        return outputBuffer.count - Int(stream.avail_out)
                    }
                    guard status != Z_STREAM_ERROR else { throw Failure(description: "deflate failed") }
                    if produced > 0 { try SystemCall.writeAll(fd, Array(output[0..<produced]), path: destination) }
                } while stream.avail_out == 0
            }
            finished = flush == Z_FINISH && status == Z_STREAM_END
        }
        try SystemCall.check("fsync", destination) { fsync(fd) }
    }

    /// Streams the decompressed bytes of a gzip file to `body` in chunks; throws on a
    /// damaged or truncated file (after handing over what did decompress).
    static func decompress(file path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let input = FileHandle(forReadingAtPath: path) else { throw Failure(description: "cannot open \(path)") }
        defer { try? input.close() }
        var stream = z_stream()
        guard yq_inflate_init_gzip(&stream) == Z_OK else { throw Failure(description: "inflateInit failed") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var ended = false
        while !ended {
            guard let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty else {
                throw Failure(description: "\(path): truncated gzip stream")
            }
            var bytes = [UInt8](chunk)
            try bytes.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                while stream.avail_in > 0 || stream.avail_out == 0 {
                    var status = Z_OK
                    let produced: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                        stream.next_out = outputBuffer.baseAddress
                        stream.avail_out = uInt(outputBuffer.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return outputBuffer.count - Int(stream.avail_out)
                    }
                    if produced > 0 { try output.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<produced])) } }
                    if status == Z_STREAM_END {
                        ended = true
                        return
                    }
                    guard status == Z_OK || status == Z_BUF_ERROR else {
                        throw Failure(description: "\(path): damaged gzip data (zlib \(status))")
                    }
                    if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
                }
            }
        }
    }
}
