extension SolverCatalog {
    /// PLMS, the pseudo linear multistep sampler of latent diffusion.
    public static let plms = SolverCatalog(entries: [
        SolverEntry(name: "plms", summary: "PLMS (Liu et al. 2022, latent-diffusion form): DDIM transfer with Adams-Bashforth noise, improved-Euler start") { _ in
            PLMS()
        },
    ])
}
