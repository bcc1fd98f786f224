#!/usr/bin/env bash
# Builds the Debian package of cloudsyncd with CPack (cmake/packaging.cmake):
# build/package/cloudsync_<version>_<arch>.deb, the version from CMakeLists.txt.
#   scripts/package.sh [BUILD_DIR]          build the package
#   scripts/package.sh --test [BUILD_DIR]   then lintian, install, check, remove,
#                                           purge it (scripts/package-test.sh)
# BUILD_DIR defaults to build/ci, the optimized build scripts/test.sh makes, so
# CI compiles nothing twice; it is configured with the ci preset when empty.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

test=false
if [ "${1:-}" = --test ]; then
  test=true
  shift
fi
build=${1:-build/ci}

version=$(sed -n 's/^project(cloudsync VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "error: no project(cloudsync VERSION ...) in CMakeLists.txt" >&2; exit 1; }
changelog_version=$(sed -n '1s/^cloudsync (\([^)]*\)).*/\1/p' packaging/deb/changelog)
if [ "$changelog_version" != "$version" ]; then
  echo "error: packaging/deb/changelog starts with version '$changelog_version', the project is" \
       "$version: add a changelog entry for $version" >&2
  exit 1
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  if [ "$build" = build/ci ]; then
    cmake --preset ci >/dev/null
  else
    echo "error: $build is not a configured build directory (cmake -B $build first)" >&2
    exit 1
  fi
fi
cmake --build "$build" -j "$(nproc)" --target cloudsyncd cloudsync_package_files

out=$root/build/package
mkdir -p "$out"
deb=$out/cloudsync_${version}_$(dpkg --print-architecture).deb
rm -f "$deb"
# The staging tree goes under the build directory, the package to build/package.
build=$(cd "$build" && pwd)
cpack --config "$build/CPackConfig.cmake" -B "$build/cpack" \
  -D CPACK_OUTPUT_FILE_PREFIX="$out" >/dev/null
[ -f "$deb" ] || { echo "error: cpack did not write $deb" >&2; exit 1; }
echo "$deb"

if $test; then
  exec scripts/package-test.sh "$deb"
fi
