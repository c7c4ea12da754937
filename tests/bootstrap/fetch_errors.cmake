# Checks that the pinned-source fetch fails clearly: a checksum mismatch and
# a download that cannot happen each stop with a message naming the package.
# Run as: cmake -DSOURCE_DIR=... -DWORK_DIR=... -P fetch_errors.cmake
# Each case runs in a child cmake so a FATAL_ERROR can be observed.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(expect_failure name spec integrity expected)
  set(script "${WORK_DIR}/${name}.cmake")
  file(WRITE "${script}"
    "set(CMAKE_SOURCE_DIR \"${WORK_DIR}/${name}-src\")\n"
    "set(CMAKE_BINARY_DIR \"${WORK_DIR}/${name}-build\")\n"
    "set(HOTLINT_DEPS_CACHE \"${WORK_DIR}/${name}-cache\")\n"
    "include(\"${SOURCE_DIR}/cmake/FetchNpmPackage.cmake\")\n"
    "hotlint_fetch_npm(dir \"${spec}\" \"${integrity}\")\n")
  execute_process(COMMAND "${CMAKE_COMMAND}" -P "${script}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${name}: the fetch succeeded, expected a failure")
  endif()
  string(REGEX REPLACE "[ \n]+" " " flat "${err}")
  foreach(word IN ITEMS "${expected}" "${spec}")
    string(FIND "${flat}" "${word}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${name}: message lacks '${word}':\n${err}")
    endif()
  endforeach()
  file(GLOB leftovers "${WORK_DIR}/${name}-cache/*.tgz")
  if(leftovers)
    message(FATAL_ERROR "${name}: a bad tarball was kept in the cache: ${leftovers}")
  endif()
  message(STATUS "${name}: failed as expected")
endfunction()

# the real tree-sitter-python tarball checked against tree-sitter's integrity
expect_failure(mismatch "tree-sitter-python@0.25.0"
  "sha512-mrcEdkYtHfrK1A6fs3O6FxkBo0Qig5XUXqHhxUOQu0bmPo00QF4XaSx4edpazdHwxnSCjlGKGgIqWdaN4dvTLA=="
  "checksum mismatch for npm package")
expect_failure(missing "tree-sitter-python@0.0.0-no-such-version"
  "sha512-AAAA"
  "cannot download npm package")
file(REMOVE_RECURSE "${WORK_DIR}")
