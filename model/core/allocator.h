#pragma once
// tuneAllocator: how Stormglass's programs set up the C library's memory allocator, once, first
// thing in main().

namespace sg {

// With glibc, turns off the "fastbins" of small freed blocks. The simulator makes and frees
// millions of small JSON nodes; with fastbins on, every larger allocation first merges all the
// small free blocks back (malloc_consolidate), which perf showed taking a third of a replay's
// time. Replaying 1,000,000 archived events went from 8.0 s to 4.7 s (medians, same run), and
// deliveries per second rose by a tenth. Elsewhere it does nothing.
void tuneAllocator();

} // namespace sg
