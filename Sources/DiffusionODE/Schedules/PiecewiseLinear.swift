/// Piecewise-linear interpolation through knots, extrapolated linearly from the two
/// outermost knots, as the DPM-Solver reference's `interpolate_fn` defines it.
enum PiecewiseLinear {
    /// The segment [k, k+1] used for `x` on strictly increasing `knots`
    /// (the first or last segment outside the knots).
    static func segment(_ x: Double, increasing knots: [Double]) -> Int {
        let last = knots.count - 2
        if x <= knots[0] { return 0 }
        if x >= knots[last + 1] { return last }
        var low = 0
        var high = last + 1
        // Invariant: knots[low] <= x < knots[high].
        while high - low > 1 {
            let middle = (low + high) / 2
            if knots[middle] <= x { low = middle } else { high = middle }
        }
        return low
    }

    /// The segment on strictly decreasing `knots`.
    static func segment(_ x: Double, decreasing knots: [Double]) -> Int {
        let last = knots.count - 2
        if x >= knots[0] { return 0 }
        if x <= knots[last + 1] { return last }
        var low = 0
        var high = last + 1
        // Invariant: knots[low] >= x > knots[high].
        while high - low > 1 {
            let middle = (low + high) / 2
            if knots[middle] >= x { low = middle } else { high = middle }
        }
        return low
    }

    static func line(_ x: Double, _ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Double {
        y0 + (x - x0) * (y1 - y0) / (x1 - x0)
    }

    /// f(x) for increasing knots.
    static func evaluate(_ x: Double, knots: [Double], values: [Double]) -> Double {
        let k = segment(x, increasing: knots)
        return line(x, knots[k], knots[k + 1], values[k], values[k + 1])
    }

    /// f'(x) for increasing knots (the slope of the segment `evaluate` uses).
    static func slope(_ x: Double, knots: [Double], values: [Double]) -> Double {
        let k = segment(x, increasing: knots)
        return (values[k + 1] - values[k]) / (knots[k + 1] - knots[k])
    }

    /// f(x) for strictly decreasing knots.
    static func evaluateDescending(_ x: Double, knots: [Double], values: [Double]) -> Double {
        let k = segment(x, decreasing: knots)
        return line(x, knots[k], knots[k + 1], values[k], values[k + 1])
    }
}
