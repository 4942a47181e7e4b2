extension SolverCatalog {
    /// The solvers of the core module, one catalog per family, in listing order. A new
    /// family adds its catalog (declared in its own folder) to this list.
    public static let standard = SolverCatalog(joining: [.ddim, .dpmSolver, .uniPC, .iPNDM, .deis, .plms, .rungeKutta, .adamsBashforth, .kDiffusion, .sde])
}
