# Fetches a pinned npm package tarball with `npm pack`, verifies its SHA-512
# integrity (npm's dist.integrity, base64) and unpacks it into the build tree.
# Nothing fetched is committed: tarballs are cached in HOTLINT_DEPS_CACHE.
#
# hotlint_fetch_npm(<var> <spec> <integrity>) sets <var> to the unpacked
# package directory.

find_program(HOTLINT_NPM npm)
find_program(HOTLINT_NODE node)
set(HOTLINT_DEPS_CACHE "${CMAKE_SOURCE_DIR}/.deps" CACHE PATH
    "Where fetched npm tarballs are cached")

function(hotlint_integrity_of file out)
  execute_process(
    COMMAND "${HOTLINT_NODE}" -e
      "const c=require('crypto'),f=require('fs');process.stdout.write('sha512-'+c.createHash('sha512').update(f.readFileSync(process.argv[1])).digest('base64'))"
      "${file}"
    OUTPUT_VARIABLE digest RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "hotlint: cannot hash '${file}': ${err}")
  endif()
  set(${out} "${digest}" PARENT_SCOPE)
endfunction()

function(hotlint_fetch_npm var spec integrity)
  if(NOT HOTLINT_NPM OR NOT HOTLINT_NODE)
    message(FATAL_ERROR "hotlint: npm and node are needed to fetch '${spec}' (apt-get install nodejs npm)")
  endif()
  string(REGEX REPLACE "^@" "" flat "${spec}")
  string(REPLACE "/" "-" flat "${flat}")
  string(REPLACE "@" "-" flat "${flat}")
  set(tarball "${HOTLINT_DEPS_CACHE}/${flat}.tgz")
  set(unpacked "${CMAKE_BINARY_DIR}/_deps/${flat}")

  if(EXISTS "${tarball}")
    hotlint_integrity_of("${tarball}" have)
    if(NOT have STREQUAL integrity)
      message(STATUS "hotlint: cached '${spec}' does not match its pinned integrity; fetching again")
      file(REMOVE "${tarball}")
    endif()
  endif()
  if(NOT EXISTS "${tarball}")
    file(MAKE_DIRECTORY "${HOTLINT_DEPS_CACHE}/tmp")
    file(REMOVE_RECURSE "${HOTLINT_DEPS_CACHE}/tmp")
    file(MAKE_DIRECTORY "${HOTLINT_DEPS_CACHE}/tmp")
    message(STATUS "hotlint: fetching ${spec} with npm pack")
    execute_process(
      COMMAND "${HOTLINT_NPM}" pack "${spec}" --loglevel=error --pack-destination "${HOTLINT_DEPS_CACHE}/tmp"
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    file(GLOB got "${HOTLINT_DEPS_CACHE}/tmp/*.tgz")
    if(NOT rc EQUAL 0 OR NOT got)
      message(FATAL_ERROR "hotlint: cannot download npm package '${spec}' (npm pack exited ${rc}): ${err}")
    endif()
    list(GET got 0 got)
    hotlint_integrity_of("${got}" have)
    if(NOT have STREQUAL integrity)
      file(REMOVE_RECURSE "${HOTLINT_DEPS_CACHE}/tmp")
      message(FATAL_ERROR "hotlint: checksum mismatch for npm package '${spec}':\n  expected ${integrity}\n  got      ${have}")
    endif()
    file(RENAME "${got}" "${tarball}")
    file(REMOVE_RECURSE "${HOTLINT_DEPS_CACHE}/tmp")
  endif()

  set(stamp "${unpacked}/.hotlint-integrity")
  set(stamped "")
  if(EXISTS "${stamp}")
    file(READ "${stamp}" stamped)
  endif()
  if(NOT stamped STREQUAL integrity)
    file(REMOVE_RECURSE "${unpacked}")
    file(MAKE_DIRECTORY "${unpacked}")
    file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${unpacked}")
    file(WRITE "${stamp}" "${integrity}")
  endif()
  set(${var} "${unpacked}/package" PARENT_SCOPE)
endfunction()
