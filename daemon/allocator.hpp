// How the daemon asks glibc's malloc to treat its memory.
#pragma once

namespace cloudsync::daemon {

// A sync allocates and frees a few MiB per API page (its text and its JSON
// document) on every thread, all the time. With glibc's defaults each freed
// page went back to the kernel (madvise, munmap) and the next page faulted it
// in again: a third of the daemon's CPU time on a large resync. This serves
// blocks up to 32 MiB from the arenas (no mmap per page) and keeps up to 8 MiB
// free at the top of each, with at most two arenas so that what is retained
// stays bounded. Measured on a first load of 1,000,000 VMs: 25.6 s of CPU
// instead of 112 s. Keeping 32 MiB instead of 8 cost 8 MiB of peak RSS (201.4
// and 202.0 vs 193.7 MiB, side by side) and saved no measurable CPU.
// Any MALLOC_* tunable set in the environment wins: then nothing is changed.
void tune_allocator() noexcept;

} // namespace cloudsync::daemon
