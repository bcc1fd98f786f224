// How the daemon asks glibc's malloc to treat its memory.
#pragma once

namespace cloudsync::daemon {

// A sync allocates and frees a few MiB per API page (its text and its JSON
// document) on every thread, all the time. With glibc's defaults each freed
// page went back to the kernel (madvise, munmap) and the next page faulted it
// in again: a third of the daemon's CPU time on a large resync. This keeps up
// to 32 MiB free per arena and serves blocks up to 32 MiB from the arenas,
// with at most two arenas so that what is retained stays bounded. Measured on
// a first load of 1,000,000 VMs: 25.6 s of CPU instead of 112 s, for a peak
// RSS of 212 MiB instead of 162 MiB (16 MiB thresholds: 206 MiB, no faster).
// Any MALLOC_* tunable set in the environment wins: then nothing is changed.
void tune_allocator() noexcept;

} // namespace cloudsync::daemon
