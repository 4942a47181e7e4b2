/// The absolute and relative tolerances of an adaptive solve, checked once, here: every
/// adaptive solver, the command line and the studies take this value, so they accept and
/// refuse the same inputs.
///
/// A step's error e_i is accepted when it is within atol + rtol |y_i| (GSL) or
/// max(atol, rtol |y_i|) (DPM-Solver-12/23) for every coordinate; either tolerance may be
/// 0 (pure relative or pure absolute control), not both.
public struct Tolerances: Sendable, Equatable, CustomStringConvertible {
    /// atol >= 0.
    public let absolute: Double
    /// rtol >= 0.
    public let relative: Double

    /// Tolerances atol = `absolute`, rtol = `relative`.
    /// - Throws: ``DiffusionODEError/Kind/invalidArgument`` naming `atol` or `rtol` unless
    ///   both are finite and >= 0 and not both are 0.
    public init(absolute: Double, relative: Double) throws {
        guard absolute.isFinite, absolute >= 0 else {
            throw DiffusionODEError.invalidArgument("atol", "must be a finite number >= 0, got \(absolute)")
        }
        guard relative.isFinite, relative >= 0 else {
            throw DiffusionODEError.invalidArgument("rtol", "must be a finite number >= 0, got \(relative)")
        }
        guard absolute > 0 || relative > 0 else {
            throw DiffusionODEError.invalidArgument("atol", "atol and rtol are both 0; at least one must be > 0")
        }
        self.absolute = absolute
        self.relative = relative
    }

    /// Equal absolute and relative tolerances, as the studies sweep them.
    /// - Throws: ``DiffusionODEError`` unless `both` is finite and > 0.
    public init(both: Double) throws {
        guard both.isFinite, both > 0 else {
            throw DiffusionODEError.invalidArgument("tolerances", "must be finite numbers > 0, got \(both)")
        }
        try self.init(absolute: both, relative: both)
    }

    /// `atol A, rtol R`.
    public var description: String { "atol \(absolute), rtol \(relative)" }
}
