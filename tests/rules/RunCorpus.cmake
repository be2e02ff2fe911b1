# SPDX-License-Identifier: MIT
# ctest's rules_corpus and rules_samples: every case in a folder through `rulebench-cli test`,
# with a JUnit report.
#   cmake -DCLI=… -DCASES=… -DJUNIT=… [-DMIN_CASES=N] -P RunCorpus.cmake
file(GLOB cases "${CASES}/*.json")
list(SORT cases)
list(LENGTH cases count)
if(NOT DEFINED MIN_CASES)
    set(MIN_CASES 1)
endif()
if(count LESS MIN_CASES)
    message(FATAL_ERROR "${CASES} has ${count} cases; it should have at least ${MIN_CASES}")
endif()
execute_process(COMMAND "${CLI}" test ${cases} --junit "${JUNIT}" --verbose RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "rulebench-cli test failed (exit ${result}); report in ${JUNIT}")
endif()
