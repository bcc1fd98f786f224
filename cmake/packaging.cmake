# The Debian package of cloudsyncd: what `cmake --install` puts where, and how
# CPack's DEB generator wraps it (scripts/package.sh runs both). Only the
# daemon and what it needs to run are installed; tests, cloudsim and the
# benchmarks have no install rules. The maintainer scripts, conffiles list,
# copyright and changelog live in packaging/deb/, the man pages in man/.
#
# Paths are Debian 12's: systemd units in /lib/systemd/system (where
# deb-systemd-helper and systemd look for packaged units), sysusers.d and
# tmpfiles.d entries under /usr/lib. Absolute destinations are deliberate: the
# package installs outside its /usr prefix (/etc, /lib).

set(cloudsync_deb_dir ${PROJECT_SOURCE_DIR}/packaging/deb)
set(cloudsync_doc_dir /usr/share/doc/cloudsync)

# Debian wants man pages, changelogs and the like compressed with gzip -9n (no
# name or timestamp in the header, so builds are reproducible).
set(cloudsync_gzipped)
function(cloudsync_gzip source output)
  set(target_file ${CMAKE_CURRENT_BINARY_DIR}/packaging/${output})
  add_custom_command(
    OUTPUT ${target_file}
    COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" gzip ${source} ${target_file}
    DEPENDS ${source}
    COMMENT "gzip -9n ${output}"
    VERBATIM)
  set(cloudsync_gzipped ${cloudsync_gzipped} ${target_file} PARENT_SCOPE)
endfunction()

cloudsync_gzip(${PROJECT_SOURCE_DIR}/man/cloudsyncd.8 cloudsyncd.8.gz)
cloudsync_gzip(${PROJECT_SOURCE_DIR}/man/cloudsync.yaml.5 cloudsync.yaml.5.gz)
# A native package (the version has no Debian revision) keeps its changelog as
# changelog.gz; changelog.Debian.gz is for packages of someone else's source.
cloudsync_gzip(${cloudsync_deb_dir}/changelog changelog.gz)
add_custom_target(cloudsync_package_files ALL DEPENDS ${cloudsync_gzipped})

set(cloudsync_gz_dir ${CMAKE_CURRENT_BINARY_DIR}/packaging)
install(FILES ${cloudsync_gz_dir}/cloudsyncd.8.gz DESTINATION /usr/share/man/man8)
install(FILES ${cloudsync_gz_dir}/cloudsync.yaml.5.gz DESTINATION /usr/share/man/man5)
install(FILES ${cloudsync_gz_dir}/changelog.gz ${cloudsync_deb_dir}/copyright ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${cloudsync_doc_dir})
install(FILES ${PROJECT_SOURCE_DIR}/systemd/cloudsyncd.service
              ${PROJECT_SOURCE_DIR}/systemd/cloudsyncd.socket
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/sysusers.d/cloudsync.conf
        DESTINATION /usr/lib/sysusers.d)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/tmpfiles.d/cloudsync.conf
        DESTINATION /usr/lib/tmpfiles.d)
# A conffile (packaging/deb/conffiles): dpkg keeps the operator's edits on
# upgrade and removes it only on purge. postinst makes it root:cloudsync 0640.
install(FILES ${PROJECT_SOURCE_DIR}/config/cloudsync.example.yaml
        DESTINATION /etc/cloudsync RENAME cloudsync.yaml)

set(CLOUDSYNC_PACKAGE_MAINTAINER "cloudsync maintainers <maintainers@cloudsync.invalid>"
    CACHE STRING "the Maintainer: of the Debian package (Name <address>)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cloudsync)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${CLOUDSYNC_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "inventory of Azure, Google Cloud and AWS resources in PostgreSQL")
set(CPACK_PACKAGE_DESCRIPTION
    "cloudsyncd keeps an inventory of what runs in Azure subscriptions, Google
Cloud projects and AWS accounts in PostgreSQL: virtual machines, storage,
networks, containers, metrics and alerts. Collectors read the clouds' own
REST APIs on a schedule with read-only roles, write only what changed and
record every change; row-level security lets each team query just its own
tenant's rows with plain SQL.

A small HTTP API shows status, triggers a sync and serves Prometheus
metrics. The daemon runs under systemd (Type=notify, watchdog, socket
activation, credentials) as the cloudsync system user.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # name_version_arch.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${cloudsync_deb_dir}/conffiles ${cloudsync_deb_dir}/postinst ${cloudsync_deb_dir}/prerm
    ${cloudsync_deb_dir}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
