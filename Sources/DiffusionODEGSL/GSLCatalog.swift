import DiffusionODE

extension SolverCatalog {
    /// GSL's integrators: `gsl-rk2`, `gsl-rkf45`, `gsl-rkck`, `gsl-rk8pd`, `gsl-msadams`,
    /// each with a formulation suffix (``GSLIntegrator/defaultFormulation`` without one).
    public static let gsl = SolverCatalog(entries: GSLMethod.allCases.map { method in
        SolverEntry(
            name: "gsl-\(method.rawValue)", summary: "GSL odeiv2 \(method.rawValue), adaptive, --atol/--rtol (default 1e-6)",
            defaultFormulation: GSLIntegrator.defaultFormulation, settings: [.tolerances]
        ) {
            try GSLIntegrator(method: method, formulation: $0.formulation ?? GSLIntegrator.defaultFormulation, initialStep: $0.initialStep)
        }
    })

    /// Every solver: the core ones and GSL's.
    public static let all = SolverCatalog.standard.merging(.gsl)
}
