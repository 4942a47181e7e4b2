#if canImport(Glibc)
import Glibc

@_silgen_name("mallopt")
private func mallocOption(_ parameter: Int32, _ value: Int32) -> Int32

/// glibc serves blocks of 128 KiB and more with mmap and unmaps them on free, so every
/// solve would page-fault its batch buffers afresh (a 2 MiB batch: 512 faults). Keeping
/// blocks up to 32 MiB in the heap lets repeated solves reuse them: on the standard
/// problem a 5-step DDIM solve's own work drops from 5.1 ms to 1.8 ms. (Library users can
/// get the same with GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432.)
enum Allocator {
    static func keepBatchBuffersInHeap() {
        _ = mallocOption(-3, 32 << 20)  // M_MMAP_THRESHOLD
        _ = mallocOption(-1, 64 << 20)  // M_TRIM_THRESHOLD
    }
}
#else
enum Allocator {
    static func keepBatchBuffersInHeap() {}
}
#endif
