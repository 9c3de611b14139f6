import CYuqingZlib
import Foundation

/// A greyscale raster with the few drawing operations charts need, encoded as PNG
/// (8-bit greyscale, zlib-compressed rows): images for Word files and mail, where inline
/// SVG is not shown.
public struct PNGImage: Sendable {
    public let width: Int
    public let height: Int
    /// One byte per pixel, 0 black … 255 white, row by row.
    private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: UInt8 = 255) {
        self.width = width
        self.height = height
        pixels = Array(repeating: background, count: width * height)
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            pixels[y * width + x] = newValue
        }
    }

    /// Fills the rectangle (clipped to the image).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, grey: UInt8) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { pixels[row * width + column] = grey }
        }
    }

    /// A line `thickness` pixels wide; with `dash` (on, off) in pixels along the line.
    public mutating func line(from a: (Double, Double), to b: (Double, Double), grey: UInt8, thickness: Int = 1, dash: (Int, Int)? = nil) {
        let steps = max(1, Int(max(abs(b.0 - a.0), abs(b.1 - a.1)).rounded(.up)))
        for step in 0...steps {
            if let dash, step % (dash.0 + dash.1) >= dash.0 { continue }
            let t = Double(step) / Double(steps)
            let x = Int((a.0 + (b.0 - a.0) * t).rounded()), y = Int((a.1 + (b.1 - a.1) * t).rounded())
            fill(x: x - thickness / 2, y: y - thickness / 2, width: thickness, height: thickness, grey: grey)
        }
    }

    /// The PNG file's bytes.
    public func encoded() -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter: none
            raw += pixels[row * width..<(row + 1) * width]
        }
        var header: [UInt8] = []
        header += Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // 8-bit greyscale, deflate, no filter method, no interlace
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += Self.chunk("IHDR", header)
        png += Self.chunk("IDAT", Self.zlibCompress(raw))
        png += Self.chunk("IEND", [])
        return png
    }

    static func zlibCompress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &length, input.baseAddress, uLong(bytes.count), Z_BEST_COMPRESSION)
            }
        }
        // compress2 fails only without memory or with a too small buffer, which compressBound rules out.
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        return Array(output.prefix(Int(length)))
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        let checksum = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return bigEndian(UInt32(data.count)) + typed + bigEndian(checksum)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
