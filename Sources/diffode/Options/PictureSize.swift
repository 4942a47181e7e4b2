import ArgumentParser

/// Two positive extents written `AxB`: an image shape HxW or a tile grid RxC.
struct PictureSize: ExpressibleByArgument, Equatable {
    let first: Int
    let second: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Int(parts[0]), let second = Int(parts[1]), first >= 1, second >= 1 else { return nil }
        self.first = first
        self.second = second
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
