/// A pointer handed to worker threads that touch disjoint parts of the memory it points to.
struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafePointer<Pointee>
    init(_ pointer: UnsafePointer<Pointee>) { self.pointer = pointer }
}

/// A mutable pointer handed to worker threads that write disjoint parts of its memory.
struct UnsafeSendableMutablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}
