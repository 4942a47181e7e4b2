#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// write(2) until every byte is out: a write may take fewer bytes than asked, or be
/// interrupted by a signal (EINTR) before taking any.
public enum FileDescriptorWrite {
    /// Writes all of `bytes` to `descriptor`; false on the first real failure (errno says why).
    @discardableResult
    public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let result = systemWrite(descriptor, base + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            if result == 0 { return false }
            offset += result
        }
        return true
    }
}
