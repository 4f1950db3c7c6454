# scarwise_warnings(target): the project's warning set, sanitizers and fuzz instrumentation.
function(scarwise_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion
                                           -Wshadow -Wnon-virtual-dtor -Wold-style-cast)
  if(SCARWISE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SCARWISE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(SCARWISE_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# scarwise_layer(name DEPS ...): a layer library `scarwise_<name>` rooted at src/.
function(scarwise_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(scarwise_${name} STATIC ${L_SOURCES})
  target_include_directories(scarwise_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(scarwise_${name} PUBLIC ${L_PUBLIC_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  scarwise_warnings(scarwise_${name})
endfunction()
