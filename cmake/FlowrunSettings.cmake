# Compile settings shared by every flowrun target, as INTERFACE targets.
add_library(flowrun_settings INTERFACE)
add_library(flowrun_warnings INTERFACE)

target_compile_options(flowrun_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wunused -Wnull-dereference -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough)
if(FLOWRUN_DEV_MODE)
  target_compile_options(flowrun_warnings INTERFACE -Werror)
endif()

if(FLOWRUN_SANITIZE)
  target_compile_options(flowrun_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(flowrun_settings INTERFACE -fsanitize=address,undefined)
endif()

# Helper: flowrun_module(NAME DEPS...) builds lib/NAME/*.cpp into flowrun_NAME.
function(flowrun_module name)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  add_library(flowrun_${name} STATIC ${sources})
  target_include_directories(flowrun_${name} PUBLIC ${PROJECT_SOURCE_DIR}/lib)
  target_link_libraries(flowrun_${name} PUBLIC flowrun_settings PRIVATE flowrun_warnings)
  if(ARGN)
    target_link_libraries(flowrun_${name} PUBLIC ${ARGN})
  endif()
endfunction()
