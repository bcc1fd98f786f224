# cloudsync_module(NAME SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# One static library per lib/ folder, target cloudsync_<NAME>, alias cloudsync::<NAME>.
# DEPS are other cloudsync modules (public: their headers appear in ours);
# PRIVATE_DEPS are the third-party libraries this module alone wraps.
function(cloudsync_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(CLOUDSYNC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(cloudsync_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(cloudsync_${name} STATIC ${M_SOURCES})
  add_library(cloudsync::${name} ALIAS cloudsync_${name})
  target_include_directories(cloudsync_${name} PUBLIC ${PROJECT_SOURCE_DIR}/lib)
  target_link_libraries(cloudsync_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  cloudsync_warnings(cloudsync_${name})
endfunction()
