#if canImport(Glibc)
import Glibc
#endif

/// Finding a byte string inside another: `memchr` to each place the first byte occurs,
/// `memcmp` to check the rest. The one byte search that embedded-JSON extraction and
/// `yuqing items --contains` share. (glibc's `memmem` is not visible to Swift without
/// `_GNU_SOURCE`.)
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `bytes` at or after `start`; nil
    /// when there is none. An empty needle is found at `start`.
    public static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard start >= 0, start <= bytes.count else { return nil }
        guard let first = needle.first else { return start }
        guard bytes.count - start >= needle.count else { return nil }
        return bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { wanted in
                guard let base = haystack.baseAddress, let pattern = wanted.baseAddress else { return nil }
                let last = haystack.count - wanted.count  // the last offset a match can start at
                var offset = start
                while offset <= last, let hit = memchr(base + offset, Int32(first), last - offset + 1) {
                    let candidate = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + candidate, pattern, wanted.count) == 0 { return candidate }
                    offset = candidate + 1
                }
                return nil
            }
        }
    }
}
