//! Handing memory back to the system once a reload or an index update has freed it.
//!
//! The server runs on mimalloc (see `main.rs`). mimalloc gives a freed page back to the
//! system only after a delay, and only when a thread calls into it again; the threads that
//! read seeds and build indexes then sit idle until the next reload, so without a nudge the
//! text a reload let go of stayed in the server's memory until then.

/// Asks mimalloc, on every thread of the pool that reads and indexes seeds and on this one, to
/// collect what was freed and give back to the system the pages left empty (`mi_collect`).
/// Costs a few milliseconds; call it after a large free, not per request. Harmless when
/// mimalloc is not the allocator: its heaps are then empty.
pub fn release() {
    rayon::broadcast(|_| collect());
    collect();
}

/// `mi_collect(true)` on this thread.
#[allow(unsafe_code)]
fn collect() {
    // SAFETY: `mi_collect` takes no pointer and is documented as safe to call on any thread
    // at any time; it only frees what mimalloc itself holds unused.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
