//! Settings of the memory allocator the binary uses (mimalloc, set as the
//! global allocator in `main.rs`): when freed memory goes back to the
//! system, and that its memory comes in ordinary 4 KiB pages.

/// mimalloc's `mi_option_purge_delay`: its position in `mi_option_e`
/// (mimalloc v3's `mimalloc.h`), which libmimalloc-sys does not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's `mi_option_allow_thp`, in the same enum.
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// How long freed memory is kept before it goes back to the system, in ms.
///
/// mimalloc's default is a second, so the big blocks one stage of a build
/// frees were still resident while the next allocated its own. Measured on
/// a build of a million events (median of 5, 2 cores): 1000 ms, 2.35 s and
/// 1008 MiB at the peak; 50 ms, 2.61 s and 957 MiB; 0 ms, 3.00 s and
/// 911 MiB, every block given back being faulted in again, page by page,
/// when reused.
///
/// Measured again on 2026-12-03, after compute stopped grouping a million
/// one-estimate incidents (3 builds each, interleaved): 50 ms, 4.6–5.5 s
/// and 860 MiB, a fifth of all cycles the kernel zeroing pages given back
/// and faulted in again; 200 ms, 4.3–4.6 s and 895–905 MiB; 1000 ms, 4.1–4.3 s
/// and 945–970 MiB. A `diff` of two such directories: 6.2, 5.3 and 4.8 s.
/// 200 ms takes most of the time back and keeps the build's peak well
/// inside its 1 GiB.
const PURGE_AFTER_MS: std::ffi::c_long = 200;

/// Sets up the allocator; called first thing in `main`, before any thread
/// is started.
pub fn configure() {
    return_freed_memory_soon();
    no_huge_pages();
}

/// Makes mimalloc hand freed memory back to the system after
/// [`PURGE_AFTER_MS`] rather than a second.
fn return_freed_memory_soon() {
    // SAFETY: the option exists (see the test below) and setting one only
    // stores its value; mimalloc reads options from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_AFTER_MS) }
}

/// Turns transparent huge pages off for the process.
///
/// mimalloc asks the kernel for 2 MiB pages, each zeroed whole on its first
/// touch however little of it is used: a quarter of the CPU time of a build
/// of the curated data went to zeroing them (`clear_page_erms` under
/// `mi_page_free_list_extend`), and even at a million events they cost
/// more in the kernel (2.9 s against 1.2–1.5 s of system time) and
/// resident memory (940 MiB against 895–918 MiB) than they saved in page
/// faults (see bench/ANALYSIS.md).
fn no_huge_pages() {
    // SAFETY: setting an option only stores its value. mimalloc only reads
    // this one when it maps memory, to decide whether to madvise it.
    unsafe { libmimalloc_sys::mi_option_set(ALLOW_THP, 0) }
    // Memory mapped before this call (mimalloc's first arena) was already
    // advised: the process-wide switch covers it too, as mimalloc itself
    // does when the option is set in its environment.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer argument and changes
    // only how the kernel backs this process's future page faults.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_options_set_are_the_ones_named() {
        // SAFETY: reading an option only loads its value.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        // Their defaults in mimalloc v3's options.c, and that of
        // `mi_option_os_tag`, three places after the purge delay.
        assert_eq!(get(PURGE_DELAY), 1000);
        assert_eq!(get(PURGE_DELAY + 3), 100);
        assert_eq!(get(ALLOW_THP), 1);
        // The options around it: `minimal_purge_size` (0) follows, and
        // `page_cross_thread_max_reclaim` (32) comes before.
        assert_eq!(get(ALLOW_THP + 1), 0);
        assert_eq!(get(ALLOW_THP - 1), 32);
    }
}
