internal import CCurl

/// glibc's allocator, set for a process that parses one document after another: blocks up to
/// 4 MB come from the heap rather than from fresh `mmap`s, and the heap gives memory back
/// to the system only beyond 32 MB free at its top. With the defaults every document's
/// tree and strings touched new pages (page faults were a tenth of parse time, BENCHMARKS.md
/// issue 20); peak RSS is unchanged since the same memory is reused.
public enum AllocatorTuning {
    public static func apply() {
        yq_tune_allocator()
    }
}
