# Helpers shared by the layer CMakeLists files.

# fremdrift_library(NAME SOURCES ... DEPS ...): one library per layer, includes rooted at src/.
function(fremdrift_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# fremdrift_test(NAME SOURCES ... DEPS ...): a googletest binary registered with ctest.
function(fremdrift_test name)
  if(NOT FREMDRIFT_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "FREMDRIFT_SOURCE_DIR=${PROJECT_SOURCE_DIR};FREMDRIFT_BINARY_DIR=${PROJECT_BINARY_DIR}"
    LABELS "unit;${ARG_LABELS}")
endfunction()

# fremdrift_embed(OUT_VAR FILES ...): turns data files into a generated .cc with one
# std::string_view per file, looked up by EmbeddedFile("name.csv").
function(fremdrift_embed out_var)
  set(generated ${PROJECT_BINARY_DIR}/generated/embedded_data.cc)
  set(script ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake)
  string(REPLACE ";" "|" files_arg "${ARGN}")
  add_custom_command(OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DOUT=${generated} "-DFILES=${files_arg}" -P ${script}
    DEPENDS ${ARGN} ${script}
    COMMENT "Embedding reference data" VERBATIM)
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
