extension SolverCatalog {
    /// The SDE samplers: SDE-DPM-Solver(++) as diffusers has them, and k-diffusion's ancestral
    /// and SDE samplers (`--eta`, `--s-noise`, `--noise`).
    public static let sde = SolverCatalog(entries: [
        SolverEntry(name: "sde-dpm-solver-1", summary: "SDE-DPM-Solver-1, noise prediction (Lu et al.; diffusers sde-dpmsolver)", settings: [.noise]) {
            try SDEDPMSolver(order: 1, algorithm: .dpmSolver, noise: $0.noise ?? .independent, seed: $0.seed)
        },
        SolverEntry(name: "sde-dpm-solver++-1", summary: "SDE-DPM-Solver++-1, data prediction (= DDIM with eta 1)", settings: [.noise]) {
            try SDEDPMSolver(order: 1, noise: $0.noise ?? .independent, seed: $0.seed)
        },
        SolverEntry(name: "sde-dpm-solver++-2m", summary: "SDE-DPM-Solver++(2M) (diffusers sde-dpmsolver++, order 2)", settings: [.noise, .sdeSolverType]) {
            try SDEDPMSolver(order: 2, solverType: $0.sdeSolverType, noise: $0.noise ?? .independent, seed: $0.seed)
        },
        SolverEntry(name: "sde-dpm-solver++-3m", summary: "SDE-DPM-Solver++(3M), D2 as k-diffusion's (--second-difference consistent: doubled)", settings: [.noise, .secondDifference]) {
            try SDEDPMSolver(order: 3, secondDifference: $0.secondDifference, noise: $0.noise ?? .independent, seed: $0.seed)
        },
        SolverEntry(name: "k-euler-ancestral", summary: "k-diffusion sample_euler_ancestral (--eta, --s-noise)", settings: [.eta, .sNoise, .noise]) {
            try KDiffusionStochasticSampler(method: .eulerAncestral, eta: $0.eta ?? 1, sNoise: $0.sNoise, noise: $0.noise, seed: $0.seed)
        },
        SolverEntry(name: "k-dpmpp-2s-ancestral", summary: "k-diffusion sample_dpmpp_2s_ancestral (--eta, --s-noise)", settings: [.eta, .sNoise, .noise]) {
            try KDiffusionStochasticSampler(method: .dpmpp2SAncestral, eta: $0.eta ?? 1, sNoise: $0.sNoise, noise: $0.noise, seed: $0.seed)
        },
        SolverEntry(name: "k-dpmpp-2m-sde", summary: "k-diffusion sample_dpmpp_2m_sde (--eta, --s-noise, --sde-solver-type)", settings: [.eta, .sNoise, .noise, .sdeSolverType]) {
            try KDiffusionStochasticSampler(method: .dpmpp2MSDE, eta: $0.eta ?? 1, sNoise: $0.sNoise, solverType: $0.sdeSolverType, noise: $0.noise, seed: $0.seed)
        },
        SolverEntry(name: "k-dpmpp-3m-sde", summary: "k-diffusion sample_dpmpp_3m_sde (--eta, --s-noise)", settings: [.eta, .sNoise, .noise]) {
            try KDiffusionStochasticSampler(method: .dpmpp3MSDE, eta: $0.eta ?? 1, sNoise: $0.sNoise, noise: $0.noise, seed: $0.seed)
        },
    ])
}
