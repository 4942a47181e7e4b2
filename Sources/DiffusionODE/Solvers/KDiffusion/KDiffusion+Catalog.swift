extension SolverCatalog {
    /// k-diffusion's samplers that are not a formulation of another family (`euler@sigma`
    /// is k-diffusion's `sample_euler`, `rk2-heun@sigma` its `sample_heun`, and
    /// `dpm-solver++-2m` on a sigma grid its `sample_dpmpp_2m`).
    public static let kDiffusion = SolverCatalog(entries: [
        SolverEntry(name: "k-dpm-2", summary: "k-diffusion sample_dpm_2: midpoint in sigma-tilde at the geometric mean, Euler into 0") { _ in
            KDiffusionDPM2()
        },
        SolverEntry(name: "k-lms", summary: "k-diffusion sample_lms: variable-step Adams-Bashforth in sigma-tilde, up to 4 derivatives") { _ in
            try KDiffusionLMS()
        },
    ])
}
