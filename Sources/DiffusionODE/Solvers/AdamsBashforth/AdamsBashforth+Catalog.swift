extension SolverCatalog {
    /// The two-step Adams-Bashforth method, in any formulation.
    public static let adamsBashforth = SolverCatalog(entries: [
        SolverEntry(name: "ab2", summary: "two-step Adams-Bashforth with variable steps, Euler start, fixed steps", defaultFormulation: ExplicitRungeKutta.defaultFormulation) {
            AdamsBashforth2(formulation: $0.formulation ?? ExplicitRungeKutta.defaultFormulation)
        },
    ])
}
