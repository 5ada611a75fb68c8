import CNCursesW

/// The process's memory, for a session that stays open all day on a server shared by many users.
public enum ProcessMemory {
    /// Returns the allocator's free pages to the system. Worth calling when a burst of work on
    /// another thread has ended (the dashboard's figures): what it freed would otherwise stay
    /// counted against this session until it ends.
    public static func returnFreePages() { _ = facet_return_free_memory() }
}
