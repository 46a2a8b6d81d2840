//! Settings of the memory allocator the binary uses (mimalloc, set as the
//! global allocator in `main.rs`).

/// mimalloc's `mi_option_purge_delay`: its position in `mi_option_e`
/// (mimalloc v3's `mimalloc.h`), which libmimalloc-sys does not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept before it goes back to the system, in ms.
///
/// mimalloc's default is a second, so the big blocks one stage of a build
/// frees were still resident while the next allocated its own. Measured on
/// a build of a million events (median of 5, 2 cores): 1000 ms, 2.35 s and
/// 1008 MiB at the peak; 50 ms, 2.61 s and 957 MiB; 0 ms, 3.00 s and
/// 911 MiB, every block given back being faulted in again, page by page,
/// when reused.
const PURGE_AFTER_MS: std::ffi::c_long = 50;

/// Makes mimalloc hand freed memory back to the system after
/// [`PURGE_AFTER_MS`] rather than a second.
pub fn return_freed_memory_soon() {
    // SAFETY: the option exists (see the test below) and setting one only
    // stores its value; mimalloc reads options from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_AFTER_MS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option only loads its value.
        let (delay, os_tag) = unsafe {
            (
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
                libmimalloc_sys::mi_option_get(PURGE_DELAY + 3),
            )
        };
        // Its default in mimalloc v3's options.c, and that of
        // `mi_option_os_tag`, three places further on in the same enum.
        assert_eq!((delay, os_tag), (1000, 100));
    }
}
