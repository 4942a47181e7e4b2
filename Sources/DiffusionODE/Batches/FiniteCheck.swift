/// Finite-value checks that cost one vectorised pass: a value is NaN or infinite exactly
/// when its exponent bits are all ones, and an OR over those tests has no branch and no
/// loop-carried floating-point dependency, so it runs at streaming speed. The position of
/// a bad value is searched for only once one is known to exist.
extension UnsafeBufferPointer where Element == Double {
    /// Whether every value is finite.
    @inline(__always)
    public func allFinite() -> Bool {
        let exponentMask: UInt64 = 0x7FF0_0000_0000_0000
        var found: UInt64 = 0
        for value in self {
            found |= (value.bitPattern & exponentMask) == exponentMask ? 1 : 0
        }
        return found == 0
    }

    /// The index of the first NaN or infinity, or nil.
    public func firstNonFiniteIndex() -> Int? {
        allFinite() ? nil : firstIndex { !$0.isFinite }
    }
}

extension UnsafeMutableBufferPointer where Element == Double {
    /// The index of the first NaN or infinity, or nil.
    public func firstNonFiniteIndex() -> Int? {
        UnsafeBufferPointer(self).firstNonFiniteIndex()
    }
}
