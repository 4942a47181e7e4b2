/// An explicit Runge-Kutta method's Butcher tableau
///
///     c | A
///     --+----
///       | b^T
///
/// with A strictly lower triangular. A tableau checks itself on creation: A is square and
/// explicit, the row sums of A equal c, and the weights satisfy every order condition up to
/// the declared order (b.1 = 1; b.c = 1/2; b.c^2 = 1/3, b.Ac = 1/6; and the four fourth-order
/// conditions), to 1e-14.
public struct ButcherTableau: Sendable, Equatable {
    /// The command-line name, e.g. `rk4`.
    public let name: String
    /// The stage matrix A (s x s, strictly lower triangular).
    public let a: [[Double]]
    /// The weights b.
    public let b: [Double]
    /// The nodes c.
    public let c: [Double]
    /// The order the tableau satisfies the conditions of.
    public let order: Int

    /// A tableau named `name` from A, b and c, declared to be of order `order`.
    /// - Throws: ``DiffusionODEError`` when the tableau is not explicit, not consistent, or
    ///   misses an order condition of its declared order (1 to 4).
    public init(name: String, a: [[Double]], b: [Double], c: [Double], order: Int) throws {
        let stages = b.count
        func fail(_ message: String) -> DiffusionODEError {
            .invalidArgument("tableau \(name)", message)
        }
        guard stages >= 1, a.count == stages, c.count == stages, a.allSatisfy({ $0.count == stages }) else {
            throw fail("needs A of size s x s and b, c of length s")
        }
        guard (1...4).contains(order) else { throw fail("declared order must be 1 to 4, got \(order)") }
        for i in 0..<stages {
            for j in i..<stages where a[i][j] != 0 {
                throw fail("A[\(i)][\(j)] = \(a[i][j]) makes the method implicit; A must be strictly lower triangular")
            }
            let rowSum = a[i].reduce(0, +)
            guard abs(rowSum - c[i]) <= 1e-14 else {
                throw fail("row \(i) of A sums to \(rowSum), not c[\(i)] = \(c[i])")
            }
        }
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        func times(_ matrix: [[Double]], _ v: [Double]) -> [Double] { matrix.map { dot($0, v) } }
        let squared = c.map { $0 * $0 }
        let cubed = c.map { $0 * $0 * $0 }
        let ac = times(a, c)
        var conditions: [(String, Double, Double)] = [("sum b", b.reduce(0, +), 1)]
        if order >= 2 { conditions.append(("b.c", dot(b, c), 1.0 / 2)) }
        if order >= 3 {
            conditions.append(("b.c^2", dot(b, squared), 1.0 / 3))
            conditions.append(("b.Ac", dot(b, ac), 1.0 / 6))
        }
        if order >= 4 {
            conditions.append(("b.c^3", dot(b, cubed), 1.0 / 4))
            conditions.append(("b.(c*Ac)", dot(b, zip(c, ac).map { $0 * $1 }), 1.0 / 8))
            conditions.append(("b.Ac^2", dot(b, times(a, squared)), 1.0 / 12))
            conditions.append(("b.AAc", dot(b, times(a, ac)), 1.0 / 24))
        }
        for (label, value, target) in conditions where abs(value - target) > 1e-14 {
            throw fail("order condition \(label) = \(value), needs \(target) for order \(order)")
        }
        self.init(uncheckedName: name, a: a, b: b, c: c, order: order)
    }

    /// For the built-in tableaus, whose checks run in the test suite (`ButcherTableauTests`).
    private init(uncheckedName name: String, a: [[Double]], b: [Double], c: [Double], order: Int) {
        self.name = name
        self.a = a
        self.b = b
        self.c = c
        self.order = order
    }

    /// The number of stages s (model evaluations per step).
    public var stages: Int { b.count }

    /// Forward Euler: c = [0], b = [1]. Order 1.
    public static let euler = ButcherTableau(uncheckedName: "euler", a: [[0]], b: [1], c: [0], order: 1)

    /// Heun's method (explicit trapezoid), c = [0, 1], a21 = 1, b = [1/2, 1/2]. Order 2.
    public static let heun = ButcherTableau(uncheckedName: "rk2-heun", a: [[0, 0], [1, 0]], b: [0.5, 0.5], c: [0, 1], order: 2)

    /// The explicit midpoint method, c = [0, 1/2], a21 = 1/2, b = [0, 1]. Order 2.
    public static let midpoint = ButcherTableau(uncheckedName: "rk2-midpoint", a: [[0, 0], [0.5, 0]], b: [0, 1], c: [0, 0.5], order: 2)

    /// Kutta's third-order method (Kutta, 1901): c = [0, 1/2, 1], a21 = 1/2, a31 = -1,
    /// a32 = 2, b = [1/6, 2/3, 1/6]. Order 3; the RK3 of the DPM-Solver paper's Table 1.
    public static let kutta3 = ButcherTableau(
        uncheckedName: "rk3", a: [[0, 0, 0], [0.5, 0, 0], [-1, 2, 0]], b: [1.0 / 6, 2.0 / 3, 1.0 / 6], c: [0, 0.5, 1], order: 3
    )

    /// The classic fourth-order Runge-Kutta method: c = [0, 1/2, 1/2, 1], a21 = a32 = 1/2,
    /// a43 = 1, b = [1/6, 1/3, 1/3, 1/6]. Order 4.
    public static let classic4 = ButcherTableau(
        uncheckedName: "rk4", a: [[0, 0, 0, 0], [0.5, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 1, 0]],
        b: [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6], c: [0, 0.5, 0.5, 1], order: 4
    )

    /// The built-in tableaus.
    public static let builtIn: [ButcherTableau] = [euler, heun, midpoint, kutta3, classic4]
}
