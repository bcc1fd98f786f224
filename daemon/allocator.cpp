#include "allocator.hpp"

#include <malloc.h>

#include <cstdlib>
#include <initializer_list>

namespace cloudsync::daemon {

void tune_allocator() noexcept {
    for (const char* name : {"MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_",
                             "MALLOC_TOP_PAD_", "GLIBC_TUNABLES"})
        if (std::getenv(name) != nullptr)
            return;
    constexpr int retained_bytes = 8 * 1024 * 1024;
    constexpr int largest_arena_block = 32 * 1024 * 1024;
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_TRIM_THRESHOLD, retained_bytes);
    mallopt(M_MMAP_THRESHOLD, largest_arena_block);
}

} // namespace cloudsync::daemon
