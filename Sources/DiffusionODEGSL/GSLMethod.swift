import CGSL

/// The GSL `odeiv2` steppers this library drives (GSL Reference Manual, "Ordinary
/// Differential Equations": Stepping Functions).
public enum GSLMethod: String, CaseIterable, Sendable {
    /// Explicit embedded Runge-Kutta (2, 3); 3 evaluations per attempt.
    case rk2
    /// Explicit embedded Runge-Kutta-Fehlberg (4, 5); 6 evaluations per attempt.
    case rkf45
    /// Explicit embedded Runge-Kutta Cash-Karp (4, 5); 6 evaluations per attempt.
    case rkck
    /// Explicit embedded Runge-Kutta Prince-Dormand (8, 9); 13 evaluations per attempt.
    case rk8pd
    /// Variable-coefficient linear multistep Adams in Nordsieck form, orders 1 to 12,
    /// with functional iteration (no Jacobian); a varying number of evaluations per step.
    case msadams

    /// The order GSL reports for the stepper (for msadams, its highest).
    public var order: Int {
        switch self {
        case .rk2: return 2
        case .rkf45, .rkck: return 5
        case .rk8pd: return 8
        case .msadams: return 12
        }
    }

    /// Model evaluations per step attempt, or nil when it varies.
    public var evaluationsPerAttempt: Int? {
        switch self {
        case .rk2: return 3
        case .rkf45, .rkck: return 6
        case .rk8pd: return 13
        case .msadams: return nil
        }
    }

    /// The GSL stepper type (read through the shim: Swift 6 cannot read the C globals).
    var stepType: UnsafePointer<gsl_odeiv2_step_type> {
        switch self {
        case .rk2: return cgsl_step_rk2()
        case .rkf45: return cgsl_step_rkf45()
        case .rkck: return cgsl_step_rkck()
        case .rk8pd: return cgsl_step_rk8pd()
        case .msadams: return cgsl_step_msadams()
        }
    }
}
