import RealModule

/// A seeded Brownian motion W(tau), one per batch row (D coordinates each), on a fixed interval
/// [lower, upper]: a virtual Brownian tree (as torchsde's `BrownianTree`), so that noise drawn on
/// any grid of times is an increment of one and the same path for a given seed.
///
/// Times are quantised to the dyadic grid lower + n 2^-K (upper - lower), K = ``depth``; the
/// value at a dyadic point is built by exact Brownian bridges from the root,
///
///     W(mid) = (W(lo) + W(hi))/2 + sqrt((hi - lo)/4) z_node,
///
/// where z_node is drawn from a generator keyed by the row's seed and the node (level, index)
/// alone. So the value at a time never depends on which other times were asked for, in what
/// order, or on the batch: runs with different step counts follow one path, fine increments sum to
/// the coarse one, and the increments on any grid have exactly Brownian's joint law (for the
/// quantised times). The last descent is kept, so monotone queries cost a few levels each.
public final class BrownianTree {
    /// Rows and columns of the batch the noise is for.
    public let rows: Int
    public let columns: Int
    /// The interval the path covers.
    public let lower: Double
    public let upper: Double
    /// The quantisation depth K: times are rounded to (upper - lower) 2^-K.
    public let depth: Int
    private let rowSeeds: [UInt64]
    private let resolution: Int64
    /// The last descent: for each level, the node's ends and the values there.
    private var path: [(lo: Int64, hi: Int64, low: Batch, high: Batch)] = []

    /// A path for `rows` x `columns` on [lower, upper] from `seed` (row r uses a seed derived from
    /// `seed` and r, so a row's path does not depend on the batch).
    /// - Throws: ``DiffusionODEError`` unless lower < upper, both finite, and 1 <= depth <= 52.
    public init(rows: Int, columns: Int, seed: UInt64, from lower: Double, to upper: Double, depth: Int = 40) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw DiffusionODEError.invalidArgument("noise", "a Brownian tree needs a finite interval with lower < upper, got [\(lower), \(upper)]")
        }
        guard (1...52).contains(depth) else {
            throw DiffusionODEError.invalidArgument("noise", "the Brownian tree's depth must be 1 to 52, got \(depth)")
        }
        self.rows = rows
        self.columns = columns
        self.lower = lower
        self.upper = upper
        self.depth = depth
        self.resolution = Int64(1) << Int64(depth)
        self.rowSeeds = (0..<rows).map { BrownianTree.mix(seed ^ BrownianTree.mix(UInt64($0) &+ 0x9E37_79B9_7F4A_7C15)) }
        var root = Batch(rows: rows, columns: columns)
        fill(&root, level: -1, index: 0, scale: (upper - lower).squareRoot())
        path = [(0, resolution, Batch(rows: rows, columns: columns), root)]
    }

    /// The quantised position of `tau` (clamped to the interval).
    public func position(_ tau: Double) -> Int64 {
        let fraction = min(max((tau - lower) / (upper - lower), 0), 1)
        return Int64((fraction * Double(resolution)).rounded())
    }

    /// Writes (W(b) - W(a)) / sqrt(|b - a|), an exact N(0, I) draw, into `output`; 0 when a and b
    /// quantise to the same point.
    public func normalizedIncrement(from a: Double, to b: Double, into output: inout Batch) {
        let start = position(a), end = position(b)
        guard start != end else {
            output.withUnsafeMutableValues { $0.update(repeating: 0) }
            return
        }
        let first = value(at: start), second = value(at: end)
        let width = Double(abs(end - start)) / Double(resolution) * (upper - lower)
        let scale = 1 / width.squareRoot()
        output.assign(scale, second, -scale, first)
    }

    /// The length of [a, b] after quantisation, the variance of W(b) - W(a).
    public func quantisedWidth(from a: Double, to b: Double) -> Double {
        Double(abs(position(b) - position(a))) / Double(resolution) * (upper - lower)
    }

    /// W at the dyadic point `n`, resuming the last descent at the deepest node that holds `n`.
    func value(at n: Int64) -> Batch {
        if n == 0 { return path[0].low }
        if n == resolution { return path[0].high }
        var level = path.count - 1
        while level > 0 && !(path[level].lo <= n && n <= path[level].hi) { level -= 1 }
        path.removeSubrange((level + 1)...)
        while true {
            let node = path[level]
            if n == node.lo { return node.low }
            if n == node.hi { return node.high }
            let middle = (node.lo + node.hi) / 2
            var value = Batch(rows: rows, columns: columns)
            let spread = (Double(node.hi - node.lo) / Double(resolution) * (upper - lower) / 4).squareRoot()
            fill(&value, level: level, index: node.lo >> Int64(depth - level), scale: spread)
            value.add(0.5, node.low)
            value.add(0.5, node.high)
            if n == middle { return value }
            path.append(n < middle ? (node.lo, middle, node.low, value) : (middle, node.hi, value, node.high))
            level += 1
        }
    }

    /// `scale` times the standard normals of node (level, index), row by row.
    private func fill(_ batch: inout Batch, level: Int, index: Int64, scale: Double) {
        let key = (UInt64(bitPattern: Int64(level + 1)) << 56) ^ UInt64(bitPattern: index)
        let columns = self.columns
        batch.withUnsafeMutableValues { values in
            for row in 0..<rows {
                var generator = SeededGenerator(seed: rowSeeds[row], stream: key &+ 1)
                for column in 0..<columns { values[row * columns + column] = scale * generator.nextStandardNormal() }
            }
        }
    }

    /// SplitMix64's finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
