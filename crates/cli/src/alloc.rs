//! The CLI's allocator: the system's, except that large blocks are mapped
//! on their own and offered to the kernel for 2 MiB pages.
//!
//! A run of the CLI lives for milliseconds, and on a large config a third
//! of it went to the kernel handing out fresh 4 KiB pages one fault at a
//! time, as the source, the tree's vectors and the model's entries were
//! first written. A 2 MiB page is one fault where 4 KiB pages took 512.
//! Where the kernel has no huge page to give (or transparent huge pages are
//! off) the mapping simply gets 4 KiB pages, as before.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;

/// Blocks of this size or more are mapped on their own: below it, a huge
/// page would mostly be zeroed for nothing.
const LARGE: usize = 1 << 19;
/// The size of a huge page. Mappings are whole multiples of it, which the
/// kernel also aligns to it, so that every part of one can be a huge page.
const HUGE: usize = 2 << 20;

pub struct Allocator;

/// Whether a block of this layout is a mapping of ours rather than the
/// system allocator's: decided by the layout alone, which `dealloc` and
/// `realloc` are given back unchanged.
fn mapped(size: usize, align: usize) -> bool {
    size >= LARGE && align <= 4096
}

/// The length of the mapping that holds `size` bytes.
fn rounded(size: usize) -> usize {
    size.div_ceil(HUGE) * HUGE
}

/// A fresh mapping of `len` bytes (a multiple of [`HUGE`]), offered for huge
/// pages; null when there is no memory.
fn map(len: usize) -> *mut u8 {
    // SAFETY: a new private anonymous mapping; no existing memory is touched.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return ptr::null_mut();
    }
    // SAFETY: advice on the mapping just made; refused advice leaves 4 KiB pages.
    unsafe { libc::madvise(p, len, libc::MADV_HUGEPAGE) };
    p.cast()
}

// SAFETY: every block is either the system allocator's, handled by it, or a
// mapping of at least its size, page-aligned (the layouts mapped ask for no
// more), returned to the kernel exactly once by `dealloc` or moved by `realloc`.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if mapped(layout.size(), layout.align()) {
            map(rounded(layout.size()))
        } else {
            // SAFETY: the caller's layout, as GlobalAlloc requires.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        if mapped(layout.size(), layout.align()) {
            // SAFETY: `block` is a mapping of this length made by `alloc` or `realloc`.
            unsafe { libc::munmap(block.cast(), rounded(layout.size())) };
        } else {
            // SAFETY: a block of the system allocator's, with its layout.
            unsafe { System.dealloc(block, layout) }
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        match (mapped(layout.size(), align), mapped(new_size, align)) {
            // SAFETY: the system allocator's block, with its layout.
            (false, false) => unsafe { System.realloc(block, layout, new_size) },
            (true, true) => {
                let (old_len, new_len) = (rounded(layout.size()), rounded(new_size));
                if old_len == new_len {
                    return block;
                }
                if new_len < old_len {
                    // SAFETY: the tail of our own mapping, no longer part of the block.
                    unsafe { libc::munmap(block.add(new_len).cast(), old_len - new_len) };
                    return block;
                }
                // Move the pages (no copy) into a fresh mapping of the new
                // length, which the kernel aligned: growing in place by
                // `mremap` alone could leave the block off a huge page boundary.
                let target = map(new_len);
                if target.is_null() {
                    return ptr::null_mut();
                }
                // SAFETY: moves our mapping onto `target`, which it replaces.
                let moved = unsafe {
                    libc::mremap(
                        block.cast(),
                        old_len,
                        new_len,
                        libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED,
                        target.cast::<libc::c_void>(),
                    )
                };
                if moved == libc::MAP_FAILED {
                    // SAFETY: the unused target, mapped just above.
                    unsafe { libc::munmap(target.cast(), new_len) };
                    return ptr::null_mut();
                }
                // SAFETY: advice on our own mapping.
                unsafe { libc::madvise(moved, new_len, libc::MADV_HUGEPAGE) };
                moved.cast()
            }
            _ => {
                // Across the threshold: a new block, the bytes copied over.
                // SAFETY: `align` is the valid alignment of `layout`, and the
                // caller guarantees `new_size` does not overflow with it.
                let new = unsafe { Layout::from_size_align_unchecked(new_size, align) };
                // SAFETY: a layout of non-zero size.
                let p = unsafe { self.alloc(new) };
                if !p.is_null() {
                    // SAFETY: both blocks hold at least the bytes copied; the
                    // old one is ours to free.
                    unsafe {
                        ptr::copy_nonoverlapping(block, p, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                }
                p
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block keeps its bytes as it grows into a mapping, grows and
    /// shrinks as one, and goes back to the system allocator.
    #[test]
    fn blocks_keep_their_bytes_across_every_kind_of_resize() {
        let a = Allocator;
        let mut size = 1000;
        let layout = Layout::from_size_align(size, 8).expect("layout");
        // SAFETY: non-zero layouts; each block is used within its size and
        // passed on with the layout it has.
        unsafe {
            let mut p = a.alloc(layout);
            assert!(!p.is_null());
            let fill = |p: *mut u8, n: usize| {
                for i in 0..n {
                    *p.add(i) = (i % 251) as u8;
                }
            };
            let check = |p: *mut u8, n: usize| (0..n).all(|i| *p.add(i) == (i % 251) as u8);
            fill(p, size);
            for next in [3 << 20, 7 << 20, 5 << 20, 1 << 19, 100] {
                p = a.realloc(p, Layout::from_size_align(size, 8).expect("layout"), next);
                assert!(!p.is_null(), "{size} -> {next}");
                assert!(check(p, size.min(next)), "{size} -> {next}");
                fill(p, next);
                size = next;
            }
            a.dealloc(p, Layout::from_size_align(size, 8).expect("layout"));
        }
    }
}
