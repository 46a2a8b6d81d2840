//! Settings of the memory allocator the binary uses (mimalloc, set as the
//! global allocator in `main.rs`).

/// mimalloc's `mi_option_purge_delay`: its position in `mi_option_e`
/// (mimalloc v3's `mimalloc.h`), which libmimalloc-sys does not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc hand freed memory back to the system at once.
///
/// By default it keeps freed memory for a second, so the big blocks one
/// stage frees were still resident while the next allocated its own: a
/// build of a million events peaked near 1070 MiB instead of 950 MiB. The
/// time it costs was lost in the noise (`bash bench/run.sh`).
pub fn return_freed_memory_at_once() {
    // SAFETY: the option exists (see the test below) and setting one only
    // stores its value; mimalloc reads options from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
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
