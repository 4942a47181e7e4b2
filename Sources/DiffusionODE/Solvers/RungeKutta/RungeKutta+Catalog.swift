extension SolverCatalog {
    /// Explicit Runge-Kutta from the built-in tableaus, in any formulation.
    public static let rungeKutta = SolverCatalog(entries: ButcherTableau.builtIn.map { tableau in
        SolverEntry(name: tableau.name, summary: "explicit Runge-Kutta, order \(tableau.order), fixed steps", defaultFormulation: ExplicitRungeKutta.defaultFormulation) {
            ExplicitRungeKutta(tableau: tableau, formulation: $0.formulation ?? ExplicitRungeKutta.defaultFormulation)
        }
    })
}
