import ArgumentParser

/// `--first-step`: where a solve's first evaluation comes from.
enum FirstStepSource: String, CaseIterable, ExpressibleByArgument {
    /// The model, as every solver does by default.
    case model
    /// The data mean, in closed form and at no NFE (`AnalyticFirstStep`).
    case analytic
    /// The first step along the flow of the Gaussian with the data's mean and covariance, at no NFE (`GaussianFirstStep`).
    case gaussian
}
