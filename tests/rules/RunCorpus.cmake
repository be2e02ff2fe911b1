# SPDX-License-Identifier: MIT
# ctest's rules_corpus: every case in cases/ through `rulebench-cli test`, with a JUnit report.
#   cmake -DCLI=… -DCASES=… -DJUNIT=… -P RunCorpus.cmake
file(GLOB cases "${CASES}/*.json")
list(SORT cases)
list(LENGTH cases count)
if(count LESS 40)
    message(FATAL_ERROR "the corpus has ${count} cases in ${CASES}; it should have at least 40")
endif()
execute_process(COMMAND "${CLI}" test ${cases} --junit "${JUNIT}" --verbose RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "rulebench-cli test failed (exit ${result}); report in ${JUNIT}")
endif()
