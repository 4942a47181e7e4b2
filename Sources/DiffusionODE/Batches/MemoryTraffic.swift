import Synchronization

/// The bytes the library's own passes over batches read and write (models excluded), so
/// benchmarks can set a solver's work per step beside the time to stream the same bytes.
///
/// Every kernel adds (values x passes x 8) once per call, with one relaxed atomic add: the
/// cost is per call, not per element.
public enum MemoryTraffic {
    private static let counter = Atomic<Int>(0)

    /// Records `passes` reads or writes of `values` doubles.
    @inline(__always)
    public static func record(values: Int, passes: Int) {
        counter.add(values &* passes &* 8, ordering: .relaxed)
    }

    /// Bytes recorded since the last ``reset()`` (by every thread).
    public static var bytes: Int {
        counter.load(ordering: .relaxed)
    }

    /// Starts counting from zero.
    public static func reset() {
        counter.store(0, ordering: .relaxed)
    }
}
