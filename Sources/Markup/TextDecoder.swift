import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes bytes in a given charset into a Swift string through glibc's iconv.
///
/// Bytes that are invalid in the charset become U+FFFD and are counted; decoding never
/// fails and never returns less than it could read.
public enum TextDecoder {
    public struct Decoded: Sendable {
        public var text: String
        /// How many invalid sequences were replaced by U+FFFD.
        public var replacements: Int
    }

    public static func decode(_ bytes: some Collection<UInt8>, as charset: Charset) -> Decoded {
        let input = Array(bytes)
        if charset == .utf8 { return decodeUTF8(input) }
        guard let converter = IconvConverter(from: charset.iconvName) else {
            var fallback = decodeUTF8(input)
            fallback.replacements += 1
            return fallback
        }
        defer { converter.close() }
        return converter.convert(input)
    }

    /// True when `bytes` are valid UTF-8.
    public static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        if let array = bytes as? [UInt8] { return String(validating: array, as: UTF8.self) != nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func decodeUTF8(_ bytes: [UInt8]) -> Decoded {
        if let valid = String(validating: bytes, as: UTF8.self) { return Decoded(text: valid, replacements: 0) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        var replacements = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error:
                scalars.append("\u{FFFD}")
                replacements += 1
            }
        }
        return Decoded(text: String(scalars), replacements: replacements)
    }
}

/// Idle iconv descriptors by charset. Opening one finds and initialises glibc's converter
/// module each time; a descriptor reset to its initial state serves the next document.
private enum IconvPool {
    /// A descriptor moves between threads but is used by one at a time: taken out of the
    /// pool, used, put back.
    struct Descriptor: @unchecked Sendable {
        let raw: iconv_t
    }

    static let idle = Mutex<[String: [Descriptor]]>([:])
    static let keptPerCharset = 4
}

/// One iconv conversion descriptor from a legacy charset to UTF-8, from the pool.
private struct IconvConverter {
    let descriptor: iconv_t
    let name: String

    init?(from name: String) {
        self.name = name
        if let reused = IconvPool.idle.withLock({ $0[name]?.popLast() }) {
            descriptor = reused.raw
            return
        }
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
    }

    /// Back to the pool in the initial shift state, or closed when the pool is full.
    func close() {
        _ = iconv(descriptor, nil, nil, nil, nil)
        let kept = IconvPool.idle.withLock { idle -> Bool in
            guard idle[name, default: []].count < IconvPool.keptPerCharset else { return false }
            idle[name, default: []].append(IconvPool.Descriptor(raw: descriptor))
            return true
        }
        if !kept { iconv_close(descriptor) }
    }

    func convert(_ input: [UInt8]) -> TextDecoder.Decoded {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 2)
        var replacements = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var position = 0
        input.withUnsafeBufferPointer { source in
            while position < source.count {
                var inPointer = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + position })
                    .map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = source.count - position
                let (produced, status, errorNumber) = chunk.withUnsafeMutableBufferPointer { out in
                    var outPointer = out.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                    var outLeft = out.count
                    let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (out.count - outLeft, status, errno)
                }
                output.append(contentsOf: chunk[0..<produced])
                position = source.count - inLeft
                if status != -1 { break }
                switch errorNumber {
                case E2BIG: continue
                case EILSEQ, EINVAL:
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD
                    replacements += 1
                    position += 1
                default:
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    replacements += 1
                    position = source.count
                }
            }
        }
        return TextDecoder.Decoded(text: String(decoding: output, as: UTF8.self), replacements: replacements)
    }
}
