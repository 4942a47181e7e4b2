/// The single-pass kernels every solver step is built from.
///
/// A solver step reduces to `out = sum_k c_k * v_k` over a handful of batches, with the
/// scalar coefficients computed once per step. Each kernel reads its inputs once and
/// writes the output once, with no temporaries, so its cost is the bytes it streams.
/// The output must not be one of the inputs: solvers keep a second buffer and `swap`.
extension Batch {
    /// `self = a * x`.
    @inline(__always)
    public mutating func assign(_ a: Double, _ x: Batch) {
        MemoryTraffic.record(values: count, passes: 2)
        assert(hasSameShape(as: x))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                for i in out.indices { out[i] = a * x[i] }
            }
        }
    }

    /// `self = a * x + b * y`.
    @inline(__always)
    public mutating func assign(_ a: Double, _ x: Batch, _ b: Double, _ y: Batch) {
        MemoryTraffic.record(values: count, passes: 3)
        assert(hasSameShape(as: x) && hasSameShape(as: y))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                y.withUnsafeValues { y in
                    for i in out.indices { out[i] = a * x[i] + b * y[i] }
                }
            }
        }
    }

    /// `self = a * x + b * y + c * z`.
    @inline(__always)
    public mutating func assign(_ a: Double, _ x: Batch, _ b: Double, _ y: Batch, _ c: Double, _ z: Batch) {
        MemoryTraffic.record(values: count, passes: 4)
        assert(hasSameShape(as: x) && hasSameShape(as: y) && hasSameShape(as: z))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                y.withUnsafeValues { y in
                    z.withUnsafeValues { z in
                        for i in out.indices { out[i] = a * x[i] + b * y[i] + c * z[i] }
                    }
                }
            }
        }
    }

    /// `self = a * x + b * y + c * z + d * w`.
    @inline(__always)
    public mutating func assign(
        _ a: Double, _ x: Batch, _ b: Double, _ y: Batch, _ c: Double, _ z: Batch, _ d: Double, _ w: Batch
    ) {
        MemoryTraffic.record(values: count, passes: 5)
        assert(hasSameShape(as: x) && hasSameShape(as: y) && hasSameShape(as: z) && hasSameShape(as: w))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                y.withUnsafeValues { y in
                    z.withUnsafeValues { z in
                        w.withUnsafeValues { w in
                            for i in out.indices { out[i] = a * x[i] + b * y[i] + c * z[i] + d * w[i] }
                        }
                    }
                }
            }
        }
    }

    /// `self = a * x + b * y + c * z + d * w + e * v`.
    @inline(__always)
    public mutating func assign(
        _ a: Double, _ x: Batch, _ b: Double, _ y: Batch, _ c: Double, _ z: Batch, _ d: Double, _ w: Batch, _ e: Double, _ v: Batch
    ) {
        MemoryTraffic.record(values: count, passes: 6)
        assert(hasSameShape(as: x) && hasSameShape(as: y) && hasSameShape(as: z) && hasSameShape(as: w) && hasSameShape(as: v))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                y.withUnsafeValues { y in
                    z.withUnsafeValues { z in
                        w.withUnsafeValues { w in
                            v.withUnsafeValues { v in
                                for i in out.indices { out[i] = a * x[i] + b * y[i] + c * z[i] + d * w[i] + e * v[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `self = a * x + sum_k coefficients[k] * batches[k]`: one pass for up to four batches
    /// (the widest update of the multistep families), one more per batch beyond.
    public mutating func assign(_ a: Double, _ x: Batch, combining coefficients: [Double], of batches: [Batch]) {
        assert(coefficients.count == batches.count)
        switch batches.count {
        case 0: assign(a, x)
        case 1: assign(a, x, coefficients[0], batches[0])
        case 2: assign(a, x, coefficients[0], batches[0], coefficients[1], batches[1])
        case 3: assign(a, x, coefficients[0], batches[0], coefficients[1], batches[1], coefficients[2], batches[2])
        default:
            assign(a, x, coefficients[0], batches[0], coefficients[1], batches[1], coefficients[2], batches[2], coefficients[3], batches[3])
            for index in 4..<batches.count { add(coefficients[index], batches[index]) }
        }
    }

    /// `self += a * x`.
    @inline(__always)
    public mutating func add(_ a: Double, _ x: Batch) {
        MemoryTraffic.record(values: count, passes: 3)
        assert(hasSameShape(as: x))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                for i in out.indices { out[i] += a * x[i] }
            }
        }
    }

    /// `self = a * self + b * x`.
    @inline(__always)
    public mutating func scaleAndAdd(_ a: Double, _ b: Double, _ x: Batch) {
        MemoryTraffic.record(values: count, passes: 3)
        assert(hasSameShape(as: x))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                for i in out.indices { out[i] = a * out[i] + b * x[i] }
            }
        }
    }

    /// Copies the values of `x` (same shape) without reallocating.
    @inline(__always)
    public mutating func copyValues(from x: Batch) {
        MemoryTraffic.record(values: count, passes: 2)
        assert(hasSameShape(as: x))
        withUnsafeMutableValues { out in
            x.withUnsafeValues { x in
                guard let destination = out.baseAddress, let source = x.baseAddress else { return }
                destination.update(from: source, count: out.count)
            }
        }
    }
}
