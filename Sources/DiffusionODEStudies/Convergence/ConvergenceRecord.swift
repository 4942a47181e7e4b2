import DiffusionODE

/// One run of a convergence or work-precision study.
public struct ConvergenceRecord: Sendable, Equatable {
    /// The solver's name (e.g. `rk3@lambda`).
    public var solver: String
    /// The schedule's name.
    public var schedule: String
    /// The grid spacing (fixed-step runs), or nil.
    public var spacing: TimeSpacing?
    /// The ODE formulation (Runge-Kutta and GSL runs), or nil.
    public var formulation: ODEFormulation?
    /// The tolerance atol = rtol (adaptive runs), or nil.
    public var tolerance: Double?
    /// Model evaluations, as the library counted them.
    public var evaluations: Int
    /// Accepted steps.
    public var steps: Int
    /// Rejected step attempts (adaptive runs).
    public var rejectedSteps: Int
    /// sqrt(mean (x - x_ref)^2) over the batch.
    public var rmsError: Double
    /// max |x - x_ref| over the batch.
    public var maxError: Double
    /// Wall-clock seconds of the solve.
    public var seconds: Double
}
