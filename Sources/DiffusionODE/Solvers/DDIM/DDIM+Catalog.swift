extension SolverCatalog {
    /// DDIM and DDPM's ancestral sampler.
    public static let ddim = SolverCatalog(entries: [
        SolverEntry(name: "ddim", summary: "DDIM (Song et al. 2021), x0 prediction then re-noise; --eta for the stochastic sampler", settings: [.eta]) {
            try DDIM(eta: $0.eta ?? 0, seed: $0.seed)
        },
        SolverEntry(name: "ddpm", summary: "DDPM ancestral sampler with the larger variance sigma-hat, posterior form") {
            DDPM(seed: $0.seed)
        },
    ])
}
