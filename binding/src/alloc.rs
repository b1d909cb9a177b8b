//! The wasm's memory allocator: power-of-two size classes, each with its own free list.
//!
//! The standard allocator (dlmalloc) is ≈ 8 KB of wasm — a tenth of the whole build — for
//! splitting and coalescing that crumbtrail's workload does not need: a few hundred small
//! allocations live at a time, made again and again in the same sizes. Here a request is rounded
//! up to a power of two (at least 16 bytes); a freed block goes on its class's list and serves the
//! next request of that class; memory is taken from the end of the heap, and never given back to
//! the other classes. Every step is O(1), and the memory used is bounded by the sum, over the
//! classes, of the most blocks of that class alive at once (see `tests/js/memory.test.mjs`).
//!
//! The wasm runs on one thread (wasm32-unknown-unknown without atomics), so the state needs no
//! lock.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 64 * 1024;
const SMALLEST_CLASS: u32 = 4; // 16 bytes: room for the free list's link, and an alignment that suits everything the code allocates
const CLASSES: usize = usize::BITS as usize;

/// The global allocator of the wasm build.
pub struct SizeClasses(UnsafeCell<State>);

struct State {
    /// The first free block of each class (`1 << index` bytes), linked through its first word.
    free: [*mut u8; CLASSES],
    /// Memory not handed out yet: `[next, end)`.
    next: usize,
    end: usize,
}

// Safety: wasm32-unknown-unknown runs this module on one thread.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator with no memory yet.
    pub const fn new() -> Self {
        SizeClasses(UnsafeCell::new(State { free: [null_mut(); CLASSES], next: 0, end: 0 }))
    }
}

impl Default for SizeClasses {
    fn default() -> Self {
        Self::new()
    }
}

/// The class (log₂ of the block size) that serves `layout`, or `None` when no block could.
fn class_of(layout: Layout) -> Option<u32> {
    let size = layout.size().max(layout.align()).checked_next_power_of_two()?;
    Some(size.trailing_zeros().max(SMALLEST_CLASS))
}

impl State {
    /// A block of `1 << class` bytes aligned to `align`: the class's first free block when it is
    /// aligned enough (it always is for alignments up to 16), else fresh memory.
    unsafe fn take(&mut self, class: u32, align: usize) -> *mut u8 {
        let head = self.free[class as usize];
        if !head.is_null() && (head as usize) % align == 0 {
            self.free[class as usize] = *(head as *mut *mut u8);
            return head;
        }
        self.fresh(1 << class, align.max(16))
    }

    /// `size` bytes from the end of the heap, growing the memory when it runs out.
    unsafe fn fresh(&mut self, size: usize, align: usize) -> *mut u8 {
        let Some(start) = self.next.checked_next_multiple_of(align) else { return null_mut() };
        let Some(stop) = start.checked_add(size) else { return null_mut() };
        if stop > self.end {
            // Memory not handed out yet stays where it is: grow, and carry on from the old end
            // when the heap is contiguous (it always is: nothing else grows this memory).
            let current = wasm32::memory_size(0) * PAGE;
            let from = if self.end == current { self.next } else { current };
            let Some(start) = from.checked_next_multiple_of(align) else { return null_mut() };
            let Some(stop) = start.checked_add(size) else { return null_mut() };
            let pages = (stop - current).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return null_mut();
            }
            self.next = from;
            self.end = current + pages * PAGE;
            return self.fresh(size, align);
        }
        self.next = stop;
        start as *mut u8
    }

    unsafe fn give_back(&mut self, ptr: *mut u8, class: u32) {
        *(ptr as *mut *mut u8) = self.free[class as usize];
        self.free[class as usize] = ptr;
    }
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => (*self.0.get()).take(class, layout.align()),
            None => null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = class_of(layout) {
            (*self.0.get()).give_back(ptr, class);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return null_mut() };
        let (Some(old), Some(new)) = (class_of(layout), class_of(new_layout)) else { return null_mut() };
        if old == new {
            return ptr; // the block already has room
        }
        let moved = self.alloc(new_layout);
        if !moved.is_null() {
            core::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            (*self.0.get()).give_back(ptr, old);
        }
        moved
    }
}
