/// The model outputs and levels of the last `capacity` grid points, newest first, in
/// buffers allocated once and rotated (never copied) as the solve advances: the memory of
/// every multistep family (DPM-Solver-2M/3M, UniPC, iPNDM, DEIS, PLMS).
///
/// The pattern of a step: ``rotate()`` makes the oldest buffer `models[0]`, the model writes
/// its output there in place, and ``push(_:)`` records the level it was evaluated at.
final class MultistepHistory {
    /// Newest first; `models[0]` is written in place by the model (no copy-on-write).
    var models: [Batch]
    private var levels: [NoiseLevel]
    /// How many entries hold an output (at most `capacity`).
    private(set) var count = 0

    /// A history of `capacity` entries of `rows` x `columns`.
    init(rows: Int, columns: Int, capacity: Int) {
        models = (0..<capacity).map { _ in Batch(rows: rows, columns: columns) }
        levels = Array(repeating: NoiseLevel.clean, count: capacity)
    }

    /// The number of entries it can hold.
    var capacity: Int { models.count }

    /// Records the level of the output just written into `models[0]`.
    func push(_ level: NoiseLevel) {
        levels[0] = level
        count = min(count + 1, capacity)
    }

    /// Shifts every entry one place older; the oldest buffer becomes `models[0]`, ready
    /// to be overwritten by the next evaluation.
    func rotate() {
        guard models.count > 1 else { return }
        for index in stride(from: models.count - 1, to: 0, by: -1) {
            models.swapAt(index, index - 1)
            levels.swapAt(index, index - 1)
        }
    }

    /// The model output `age` places back (0: newest).
    func model(_ age: Int) -> Batch { models[age] }

    /// The level `age` places back (0: newest).
    func level(_ age: Int) -> NoiseLevel { levels[age] }
}
