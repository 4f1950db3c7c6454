# Run after a GoogleTest executable is built (scarwise_test in tests/CMakeLists.txt): lists
# its tests and writes OUT, a CTest include file with one CTest test per GoogleTest suite
# ("ApiTest", "Postgres/PgOutage"), run as EXE --gtest_filter=<suite>.* under LABELS.
# One process per suite, not per test: starting a sanitizer-built test executable (~180
# shared libraries, the leak check at exit) cost more than most of its tests.
execute_process(COMMAND "${EXE}" --gtest_list_tests OUTPUT_VARIABLE listed RESULT_VARIABLE rc TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --gtest_list_tests failed (${rc})")
endif()
string(REPLACE ";" "" listed "${listed}")
string(REPLACE "\n" ";" lines "${listed}")
set(content "")
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.( |$)")
    set(suite "${CMAKE_MATCH_1}")
    string(APPEND content "add_test([=[${suite}]=] [=[${EXE}]=] [=[--gtest_filter=${suite}.*]=])\n"
                          "set_tests_properties([=[${suite}]=] PROPERTIES LABELS [=[${LABELS}]=] TIMEOUT 300)\n")
  endif()
endforeach()
file(WRITE "${OUT}" "${content}")
