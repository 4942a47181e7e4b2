/// Which error of a run a fit, a table or a plot uses.
public enum ErrorMetric: String, CaseIterable, Sendable {
    /// max |x - x_ref| over every sample and coordinate: the worst sample decides.
    case max
    /// sqrt(mean (x - x_ref)^2): the typical sample decides (for mixtures, where a few samples
    /// near a boundary between modes can dominate the max).
    case rms

    func value(_ record: ConvergenceRecord) -> Double {
        self == .max ? record.maxError : record.rmsError
    }
}
