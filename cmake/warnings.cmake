# jianbao_warnings(target): warnings for our own targets only, never for third-party code.
function(jianbao_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wconversion -Wshadow -pedantic
    -Wno-sign-conversion)
  if(JIANBAO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
