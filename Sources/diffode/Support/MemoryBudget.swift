import DiffusionODE
import Foundation

/// Refuses work whose buffers would not fit in the memory this process may use, before
/// allocating anything: an allocation that fails later is a crash ("failed to allocate",
/// or SIGSEGV), not an error message.
///
/// The limit is the smallest of half the physical memory, what `RLIMIT_AS` and
/// `RLIMIT_DATA` leave above the process's current size (`ulimit -v`, `ulimit -d`), and
/// what the cgroup leaves (`memory.max` of cgroup v2, `memory.limit_in_bytes` of v1: a
/// container's limit), with a quarter of the headroom kept back for the allocator,
/// thread stacks and the libraries' own buffers.
enum MemoryBudget {
    /// Refuses `samples` x `dimension` values held in `buffers` float64 copies.
    static func check(samples: Int, dimension: Int, buffers: Int, field: String = "samples") throws {
        guard samples >= 1 else {
            throw DiffusionODEError.invalidArgument(field, "must be at least 1, got \(samples)")
        }
        let bytes = product(samples, dimension, 8 * buffers)
        let limit = availableBytes
        guard let bytes, UInt64(bytes) <= limit.bytes else {
            let largest = Int(limit.bytes) / (8 * buffers * max(dimension, 1))
            if largest == 0 {
                throw DiffusionODEError.invalidArgument(
                    "dimension", "one sample of dimension \(dimension) needs \(describe(product(dimension, 8, buffers))) for the solver's buffers; \(limit.source) allows \(limit.bytes / 1_000_000) MB"
                )
            }
            throw DiffusionODEError.invalidArgument(
                field, "\(samples) samples of dimension \(dimension) need \(describe(bytes)) for the solver's buffers; \(limit.source) allows at most \(largest)"
            )
        }
    }

    /// Refuses `bytes` (nil when the count overflowed) needed for `what`, naming `field`.
    static func check(bytes: Int?, for what: String, field: String) throws {
        let limit = availableBytes
        guard let bytes, UInt64(bytes) <= limit.bytes else {
            throw DiffusionODEError.invalidArgument(field, "\(what) needs \(describe(bytes)); \(limit.source) allows \(limit.bytes / 1_000_000) MB")
        }
    }

    /// Refuses an `.npy` input whose array, with `buffers` working copies, would not fit,
    /// from its header alone (the file is read only after).
    static func check(arrayFile path: String, buffers: Int, field: String) throws {
        let (shape, bytesPerElement) = try NumPyArray.header(ofFile: path)
        // The header reader has refused shapes whose element count overflows.
        let elements = shape.reduce(1, *)
        let fileBytes = product(elements, bytesPerElement, 1)
        let workingBytes = product(elements, 8, buffers + 1)
        let total = fileBytes.flatMap { file in workingBytes.map { file + $0 } }
        try check(bytes: total, for: "the array of shape \(shape.map(String.init).joined(separator: " x ")) in \(path), with the working copies made of it,", field: field)
    }

    /// The vector in the `.npy` file at `path`, read only after its header passes the budget:
    /// every array the command line reads comes through here or ``readBatch(_:buffers:field:)``.
    static func readVector(_ path: String, field: String, allowNonFinite: Bool = false) throws -> [Double] {
        try check(arrayFile: path, buffers: 2, field: field)
        return try NumPyArray.readVector(contentsOfFile: path, allowNonFinite: allowNonFinite)
    }

    /// The (N, D) batch in the `.npy` file at `path`, with `buffers` working copies of it
    /// budgeted from its header before it is read.
    static func readBatch(_ path: String, buffers: Int, field: String) throws -> Batch {
        try check(arrayFile: path, buffers: buffers, field: field)
        return try NumPyArray.read(contentsOfFile: path)
    }

    /// `a * b * c`, nil on overflow.
    static func product(_ a: Int, _ b: Int, _ c: Int) -> Int? {
        let (ab, overflow1) = a.multipliedReportingOverflow(by: b)
        let (abc, overflow2) = ab.multipliedReportingOverflow(by: c)
        return overflow1 || overflow2 || abc < 0 ? nil : abc
    }

    private static func describe(_ bytes: Int?) -> String {
        bytes.map { "about \($0 / 1_000_000) MB" } ?? "more than Int.max bytes"
    }

    /// The bytes this process may still allocate, and which limit set it.
    static var availableBytes: (bytes: UInt64, source: String) {
        let physical = ProcessInfo.processInfo.physicalMemory
        var best = (bytes: physical / 2, source: "half of this machine's \(physical / 1_000_000) MB")
        func consider(_ headroom: UInt64?, _ source: String) {
            guard let headroom else { return }
            let usable = headroom / 4 * 3
            if usable < best.bytes { best = (usable, source) }
        }
        let status = processStatus()
        consider(resourceLimit(RLIMIT_AS, used: status["VmSize"]), "the address-space limit (ulimit -v)")
        consider(resourceLimit(RLIMIT_DATA, used: status["VmData"]), "the data-size limit (ulimit -d)")
        consider(cgroupHeadroom(), "the container's memory limit (cgroup)")
        return best
    }

    #if canImport(Glibc)
    private typealias Resource = __rlimit_resource
    private static func limit(of resource: Resource, into limit: inout rlimit) -> Int32 {
        getrlimit(__rlimit_resource_t(resource.rawValue), &limit)
    }
    #else
    private typealias Resource = Int32
    private static func limit(of resource: Resource, into limit: inout rlimit) -> Int32 {
        getrlimit(resource, &limit)
    }
    #endif

    private static func resourceLimit(_ resource: Resource, used: UInt64?) -> UInt64? {
        var current = rlimit()
        guard limit(of: resource, into: &current) == 0, current.rlim_cur != rlim_t.max else { return nil }
        let allowed = UInt64(current.rlim_cur)
        return allowed > (used ?? 0) ? allowed - (used ?? 0) : 0
    }

    /// `VmSize`, `VmData` ... of /proc/self/status, in bytes.
    private static func processStatus() -> [String: UInt64] {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
        var fields: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            if parts.count == 3, parts[2] == "kB", let kilobytes = UInt64(parts[1]) {
                fields[String(parts[0])] = kilobytes * 1024
            }
        }
        return fields
    }

    /// The limit of this process's memory cgroup minus its current use.
    private static func cgroupHeadroom() -> UInt64? {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        func number(_ path: String) -> UInt64? {
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        func headroom(limit: String, usage: String) -> UInt64? {
            // "max" (v2) and a page-rounded Int64.max (v1) both mean no limit.
            guard let limit = number(limit), limit < 1 << 60 else { return nil }
            let used = number(usage) ?? 0
            return limit > used ? limit - used : 0
        }
        for line in membership.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0", parts[1].isEmpty {
                // cgroup v2: the process's own group, or the mount root inside a container.
                for folder in ["/sys/fs/cgroup" + path, "/sys/fs/cgroup"] {
                    if let room = headroom(limit: folder + "/memory.max", usage: folder + "/memory.current") { return room }
                }
            } else if parts[1].split(separator: ",").contains("memory") {
                for folder in ["/sys/fs/cgroup/memory" + path, "/sys/fs/cgroup/memory"] {
                    if let room = headroom(limit: folder + "/memory.limit_in_bytes", usage: folder + "/memory.usage_in_bytes") { return room }
                }
            }
        }
        return nil
    }
}
