/// The two ways the reference writes the high-order corrections (its `solver_type`).
public enum DPMSolverForm: String, CaseIterable, Sendable {
    /// The form of the DPM-Solver paper: the correction uses phi_1 times a scaled difference.
    case dpmSolver = "dpmsolver"
    /// Taylor-expansion form: the correction uses phi_2 (and phi_3) times divided differences.
    case taylor = "taylor"
}
