// The daemon's memory holds secrets (client secrets, private keys, tokens), so
// it must never end up in a core file or be readable by another process of the
// same user: the process makes itself non-dumpable and sets RLIMIT_CORE to 0
// (the unit also has LimitCORE=0, for a start outside systemd too).
#pragma once

namespace cloudsync::daemon {

// Called first thing in main(). Never throws; returns false when the kernel
// refused either step (the caller logs it).
bool forbid_core_dumps() noexcept;

} // namespace cloudsync::daemon
