//! The CLI's allocator: the system's for small blocks; larger blocks are
//! carved one after another from one region offered to the kernel for
//! 2 MiB pages.
//!
//! A run of the CLI lives for milliseconds, and on a large config a third
//! of it went to the kernel handing out fresh pages, zeroed, as the source,
//! the tree's vectors and the model's entries were first written. A 2 MiB
//! page is one fault where 4 KiB pages took 512, but the kernel zeroes all
//! of it on the first touch: given a mapping each, a block of 600 KiB cost
//! 2 MiB of zeroing. Packed into one region, the blocks share their huge
//! pages, and the last block grows and shrinks in place.
//!
//! A freed block is room for the next blocks that fit (first fit, from a
//! short list); the region's end moves back over freed blocks at its end.
//! When the list is full, a freed block's whole pages go back to the
//! kernel instead. When the region cannot be reserved or is full, a block
//! gets a mapping of its own. Where the kernel has no huge page to give
//! (or transparent huge pages are off) the region simply gets 4 KiB pages.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;
use std::sync::{Mutex, PoisonError};

/// Blocks of this size or more are carved from the region. Below it the
/// system allocator's heap reuses small blocks well; above it, it gives
/// many blocks a mapping of 4 KiB pages, one fault per page.
const LARGE: usize = 1 << 15;
/// Without the region, blocks of this size or more get a mapping of their
/// own (smaller ones stay the system allocator's): below it, most of a
/// huge page would be zeroed for nothing.
const OWN_MAPPING: usize = 1 << 19;
/// The size of a huge page; the region starts on one.
const HUGE: usize = 2 << 20;
/// The 4 KiB page: what a freed block gives back is whole pages.
const PAGE: usize = 4096;
/// The address space the region reserves. Reserved, not committed: only
/// the pages written cost memory.
const REGION: usize = 16 << 30;
/// Blocks start on a cache line at least, and their lengths are multiples of it.
const LINE: usize = 64;
/// How many freed blocks the region remembers for reuse.
const FREE_SLOTS: usize = 32;

pub struct Allocator;

/// A run of the region: offset and length, both multiples of [`LINE`].
#[derive(Clone, Copy)]
struct Room {
    start: usize,
    len: usize,
}

impl Room {
    fn end(self) -> usize {
        self.start + self.len
    }
}

/// The region's bookkeeping. Blocks of this size are few (dozens in a
/// run), so one lock over it costs nothing worth a lock-free design.
struct Region {
    /// The region's address; 0 before the first block, [`NONE`] when it
    /// could not be reserved.
    base: usize,
    /// The offset of the first byte never handed out, or handed back.
    next: usize,
    /// Freed blocks below `next`, in no order.
    free: [Room; FREE_SLOTS],
    free_len: usize,
}

const NONE: usize = usize::MAX;

static REGION_STATE: Mutex<Region> = Mutex::new(Region {
    base: 0,
    next: 0,
    free: [Room { start: 0, len: 0 }; FREE_SLOTS],
    free_len: 0,
});

fn region() -> std::sync::MutexGuard<'static, Region> {
    // Nothing panics while holding it; a poisoned lock still guards valid state.
    REGION_STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether a block of this layout goes to the region.
fn large(size: usize, align: usize) -> bool {
    size >= LARGE && align <= PAGE
}

/// Whether a block of this layout outside the region is a mapping of its
/// own, decided by the layout alone, which `dealloc` and `realloc` are
/// given back unchanged.
fn own_mapping(size: usize, align: usize) -> bool {
    size >= OWN_MAPPING && align <= PAGE
}

/// The length a block of `size` bytes takes in the region.
fn room_len(size: usize) -> usize {
    size.next_multiple_of(LINE)
}

impl Region {
    /// The region's address, reserving it on first use.
    fn base(&mut self) -> Option<usize> {
        if self.base == 0 {
            self.base = reserve();
        }
        (self.base != NONE).then_some(self.base)
    }

    /// The offset of `block`, when the region holds it.
    fn offset_of(&self, block: *mut u8) -> Option<usize> {
        let at = block as usize;
        (self.base != 0 && self.base != NONE && at >= self.base && at < self.base + REGION)
            .then(|| at - self.base)
    }

    /// Room for `size` bytes aligned to `align`: a freed block that fits,
    /// else the region's end. `None` when the region is missing or full.
    fn carve(&mut self, size: usize, align: usize) -> Option<usize> {
        let base = self.base()?;
        let len = room_len(size);
        if align <= LINE {
            if let Some(i) = (0..self.free_len).find(|&i| self.free[i].len >= len) {
                let room = self.free[i];
                if room.len == len {
                    self.free_len -= 1;
                    self.free[i] = self.free[self.free_len];
                } else {
                    self.free[i] = Room {
                        start: room.start + len,
                        len: room.len - len,
                    };
                }
                return Some(base + room.start);
            }
        }
        let start = self.next.next_multiple_of(align.max(LINE));
        if start + len > REGION {
            return None;
        }
        self.next = start + len;
        Some(base + start)
    }

    /// Hands back a run of the region no longer in use.
    fn release(&mut self, room: Room) {
        if room.len == 0 {
            return;
        }
        if room.end() == self.next {
            self.next = room.start;
            // Freed blocks now at the end go too.
            while let Some(i) = (0..self.free_len).find(|&i| self.free[i].end() == self.next) {
                self.next = self.free[i].start;
                self.free_len -= 1;
                self.free[i] = self.free[self.free_len];
            }
            return;
        }
        // Joined to a freed neighbour, or remembered, or given back.
        for i in 0..self.free_len {
            let f = self.free[i];
            if f.end() == room.start || room.end() == f.start {
                let start = f.start.min(room.start);
                self.free_len -= 1;
                self.free[i] = self.free[self.free_len];
                return self.release(Room {
                    start,
                    len: f.len + room.len,
                });
            }
        }
        if self.free_len < FREE_SLOTS {
            self.free[self.free_len] = room;
            self.free_len += 1;
            return;
        }
        let (from, to) = (room.start.next_multiple_of(PAGE), room.end() / PAGE * PAGE);
        if to > from {
            // SAFETY: whole pages of a run no longer in use, inside the
            // region; it is never handed out again (not remembered).
            unsafe {
                libc::madvise(
                    (self.base + from) as *mut libc::c_void,
                    to - from,
                    libc::MADV_DONTNEED,
                )
            };
        }
    }

    /// Resizes the block at `start` in place: the last block to any size,
    /// another only down (its tail handed back). False when it cannot.
    fn resize(&mut self, start: usize, old: usize, new: usize) -> bool {
        let (old_end, new_end) = (start + room_len(old), start + room_len(new));
        if old_end == self.next {
            if new_end > REGION {
                return false;
            }
            self.next = new_end;
            return true;
        }
        if new_end <= old_end {
            self.release(Room {
                start: new_end,
                len: old_end - new_end,
            });
            return true;
        }
        false
    }
}

/// Reserves the region: its address, on a huge page, or [`NONE`].
fn reserve() -> usize {
    // A huge page more than the region, to start it on one.
    let len = REGION + HUGE;
    // SAFETY: a new private anonymous mapping; no existing memory is touched.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return NONE;
    }
    let start = (p as usize).next_multiple_of(HUGE);
    // SAFETY: advice on the mapping just made; refused advice leaves 4 KiB pages.
    unsafe { libc::madvise(start as *mut libc::c_void, REGION, libc::MADV_HUGEPAGE) };
    start
}

/// A mapping of its own for a block the region has no room for, offered
/// for huge pages; null when there is no memory.
fn map(size: usize) -> *mut u8 {
    let len = size.next_multiple_of(HUGE);
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
    // SAFETY: advice on the mapping just made.
    unsafe { libc::madvise(p, len, libc::MADV_HUGEPAGE) };
    p.cast()
}

// SAFETY: every block is the region's (told by its address; its room is
// handed out once and handed back once, under the lock, so rooms in use
// never overlap), a mapping of its own of at least its size (told by its
// layout, page-aligned, unmapped once), or the system allocator's.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !large(layout.size(), layout.align()) {
            // SAFETY: the caller's layout, as GlobalAlloc requires.
            return unsafe { System.alloc(layout) };
        }
        if let Some(at) = region().carve(layout.size(), layout.align()) {
            at as *mut u8
        } else if own_mapping(layout.size(), layout.align()) {
            map(layout.size())
        } else {
            // SAFETY: the caller's layout, as GlobalAlloc requires.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let mut r = region();
        if let Some(start) = r.offset_of(block) {
            r.release(Room {
                start,
                len: room_len(layout.size()),
            });
        } else if own_mapping(layout.size(), layout.align()) {
            drop(r);
            let len = layout.size().next_multiple_of(HUGE);
            // SAFETY: `block` is a mapping of this length made by `map`.
            unsafe { libc::munmap(block.cast(), len) };
        } else {
            drop(r);
            // SAFETY: a block of the system allocator's, with its layout.
            unsafe { System.dealloc(block, layout) }
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        {
            let mut r = region();
            if let Some(start) = r.offset_of(block) {
                if r.resize(start, layout.size(), new_size) {
                    return block;
                }
            } else if !large(new_size, align) && !own_mapping(layout.size(), align) {
                drop(r);
                // SAFETY: the system allocator's block, with its layout.
                return unsafe { System.realloc(block, layout, new_size) };
            }
        }
        // A new block, the bytes copied over.
        // SAFETY: `align` is the valid alignment of `layout`, and the caller
        // guarantees `new_size` does not overflow with it.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, align) };
        // SAFETY: a layout of non-zero size.
        let p = unsafe { self.alloc(new) };
        if !p.is_null() {
            // SAFETY: both blocks hold at least the bytes copied; the old
            // one is ours to free.
            unsafe {
                ptr::copy_nonoverlapping(block, p, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(p: *mut u8, n: usize, seed: usize) {
        for i in 0..n {
            // SAFETY: the callers pass a block of at least `n` bytes.
            unsafe { *p.add(i) = ((i + seed) % 251) as u8 };
        }
    }

    fn holds(p: *mut u8, n: usize, seed: usize) -> bool {
        // SAFETY: the callers pass a block of at least `n` bytes.
        (0..n).all(|i| unsafe { *p.add(i) } == ((i + seed) % 251) as u8)
    }

    /// A block keeps its bytes as it grows into the region, grows and
    /// shrinks there (last or not), and goes back to the system allocator.
    #[test]
    fn blocks_keep_their_bytes_across_every_kind_of_resize() {
        let a = Allocator;
        let mut size = 1000;
        let layout = |n| Layout::from_size_align(n, 8).expect("layout");
        // SAFETY: non-zero layouts; each block is used within its size and
        // passed on with the layout it has.
        unsafe {
            let mut p = a.alloc(layout(size));
            assert!(!p.is_null());
            fill(p, size, 0);
            let mut others = Vec::new();
            for next in [3 << 20, 7 << 20, 5 << 20, 1 << 19, 100, 6 << 20] {
                p = a.realloc(p, layout(size), next);
                assert!(!p.is_null(), "{size} -> {next}");
                assert!(holds(p, size.min(next), 0), "{size} -> {next}");
                fill(p, next, 0);
                size = next;
                // A block after it: the next resize is not of the last block.
                let q = a.alloc(layout(LARGE));
                fill(q, LARGE, others.len() + 1);
                others.push(q);
            }
            for (i, &q) in others.iter().enumerate() {
                assert!(holds(q, LARGE, i + 1), "block {i} kept its bytes");
            }
            a.dealloc(p, layout(size));
            for q in others {
                a.dealloc(q, layout(LARGE));
            }
        }
    }

    /// Blocks freed last, in the middle and resized never overlap the
    /// blocks still in use.
    #[test]
    fn blocks_in_use_never_overlap() {
        let a = Allocator;
        let n = LARGE + 3;
        let layout = Layout::from_size_align(n, 16).expect("layout");
        // SAFETY: non-zero layouts, each block freed once with its layout.
        unsafe {
            let first = a.alloc(layout);
            let second = a.alloc(layout);
            let third = a.alloc(layout);
            fill(first, n, 1);
            fill(third, n, 3);
            a.dealloc(second, layout);
            a.dealloc(third, layout);
            let fourth = a.alloc(layout);
            fill(fourth, n, 4);
            let fifth = a.realloc(first, layout, 2 * n);
            fill(fifth.add(n), n, 5);
            assert!(holds(fifth, n, 1), "the first block moved or grew intact");
            assert!(holds(fifth.add(n), n, 5));
            assert!(holds(fourth, n, 4), "the fourth block was not overwritten");
            a.dealloc(fourth, layout);
            a.dealloc(fifth, Layout::from_size_align(2 * n, 16).expect("layout"));
        }
    }

    /// The region's bookkeeping alone, on a made-up address (never touched).
    fn bookkeeping() -> Region {
        Region {
            base: 1 << 40,
            next: 0,
            free: [Room { start: 0, len: 0 }; FREE_SLOTS],
            free_len: 0,
        }
    }

    /// A freed block in the middle is room for the next that fits; freed
    /// blocks at the end, and those next to them, move the end back.
    #[test]
    fn freed_blocks_are_reused_and_the_end_moves_back() {
        let mut r = bookkeeping();
        let base = r.base;
        let at = |r: &mut Region, size| r.carve(size, 8).expect("room") - base;
        let a = at(&mut r, 1000);
        let b = at(&mut r, 5000);
        let c = at(&mut r, 3000);
        assert_eq!((a, b, c), (0, 1024, 1024 + 5056));
        r.release(Room {
            start: b,
            len: room_len(5000),
        });
        // Fits in b's room: takes its start; the rest of it stays free.
        assert_eq!(at(&mut r, 2000), b);
        assert_eq!(at(&mut r, 2000), b + 2048);
        // Too big for what is left of b: from the end.
        let d = at(&mut r, 4000);
        assert_eq!(d, c + room_len(3000));
        // d was last: the end moves back to it, then c goes, and with it
        // the free rest of b that c now ends.
        r.release(Room {
            start: d,
            len: room_len(4000),
        });
        assert_eq!(r.next, d);
        r.release(Room {
            start: b,
            len: 2048,
        });
        r.release(Room {
            start: c,
            len: room_len(3000),
        });
        assert_eq!(r.next, b + 4096, "the end is the last block still in use");
        r.release(Room {
            start: b + 2048,
            len: 2048,
        });
        assert_eq!(r.next, room_len(1000));
        assert_eq!(r.free_len, 0);
    }

    /// The last block grows and shrinks in place; another block shrinks in
    /// place and its tail is room for the next.
    #[test]
    fn blocks_resize_in_place_where_they_can() {
        let mut r = bookkeeping();
        let base = r.base;
        let a = r.carve(1000, 8).expect("room") - base;
        let b = r.carve(1000, 8).expect("room") - base;
        assert!(r.resize(b, 1000, 100_000), "the last block grows");
        assert_eq!(r.next, b + room_len(100_000));
        assert!(!r.resize(a, 1000, 2000), "a block in the middle does not");
        assert!(r.resize(a, 1000, 100), "but shrinks");
        assert_eq!(r.carve(500, 8).expect("room") - base, a + room_len(100));
        assert!(r.resize(b, 100_000, 64));
        assert_eq!(r.next, b + 64);
    }
}
