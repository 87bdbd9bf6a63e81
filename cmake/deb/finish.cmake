# CPack's pre-build script for the .deb (CPACK_PRE_BUILD_SCRIPTS, cmake/install.cmake): runs on
# the package's tree after the install into it, before it is packed. Adds what Debian's policy
# asks of a package besides the files: the machine-readable copyright (with the fonts' licences
# from fonts/licenses), changelog.Debian.gz, the manual page gzip -9n'd, the lintian overrides;
# and gives every directory 0755 and every file but the program 0644 (CPack keeps the modes the
# umask gave).
set(src ${CPACK_JB_SOURCE_DIR})
set(root "${CPACK_TEMPORARY_DIRECTORY}")
if(NOT EXISTS "${root}/usr/bin/jianbao")
  message(FATAL_ERROR "finish.cmake: no usr/bin/jianbao in ${root}")
endif()
set(doc "${root}/usr/share/doc/jianbao")
file(MAKE_DIRECTORY "${doc}")

# A licence's text as a copyright file's paragraph continues: each line indented, a blank one
# written as " .".
function(jb_dep5_text out text)
  string(REGEX REPLACE "[ \t]+\n" "\n" text "${text}")
  string(REGEX REPLACE "\n+$" "" text "${text}")
  string(REPLACE "\n\n" "\n.\n" text "${text}")
  string(REPLACE "\n\n" "\n.\n" text "${text}")
  string(REPLACE "\n" "\n " text " ${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The OFL's text: the liberation copyright file's License: paragraph (already indented).
file(READ "${src}/fonts/licenses/liberation-copyright.txt" liberation)
string(REGEX MATCH "\nLicense: SIL-OFL-1.1\n([^\n]*\n)*\n" ofl "${liberation}")
string(REGEX REPLACE "^\nLicense: SIL-OFL-1.1\n" "" ofl "${ofl}")
string(REGEX REPLACE "\n+$" "" OFL_TEXT "${ofl}")
if(OFL_TEXT STREQUAL "")
  message(FATAL_ERROR "finish.cmake: no OFL text in fonts/licenses/liberation-copyright.txt")
endif()
# Fandol's font exception: the last paragraph of its COPYING.
file(READ "${src}/fonts/licenses/fandol-COPYING.txt" fandol)
string(FIND "${fandol}" "As a special exception" at)
if(at LESS 0)
  message(FATAL_ERROR "finish.cmake: no font exception in fonts/licenses/fandol-COPYING.txt")
endif()
string(SUBSTRING "${fandol}" ${at} -1 exception)
string(REGEX REPLACE "\n[ ]+" "\n" exception "${exception}")
jb_dep5_text(FONT_EXCEPTION "${exception}")
configure_file("${src}/cmake/deb/copyright.in" "${doc}/copyright" @ONLY)

# changelog.Debian.gz: cmake/deb/changelog, whose first entry must be this version.
file(STRINGS "${src}/cmake/deb/changelog" first LIMIT_COUNT 1)
if(NOT first MATCHES "^jianbao \\(${CPACK_JB_VERSION}\\) ")
  message(FATAL_ERROR "cmake/deb/changelog: its first entry is not version ${CPACK_JB_VERSION} "
                      "(${first}); add an entry for it")
endif()
configure_file("${src}/cmake/deb/changelog" "${doc}/changelog.Debian" COPYONLY)
execute_process(COMMAND gzip -9nf "${doc}/changelog.Debian" COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND gzip -9nf "${root}/usr/share/man/man1/jianbao.1" COMMAND_ERROR_IS_FATAL ANY)

file(MAKE_DIRECTORY "${root}/usr/share/lintian/overrides")
configure_file("${src}/cmake/deb/lintian-overrides" "${root}/usr/share/lintian/overrides/jianbao"
               COPYONLY)

# What dh_strip also removes besides the symbols CPack's strip took (CPACK_STRIP_FILES).
execute_process(COMMAND "${CPACK_JB_STRIP}" --remove-section=.comment --remove-section=.note
                        "${root}/usr/bin/jianbao" COMMAND_ERROR_IS_FATAL ANY)

execute_process(COMMAND find "${root}/usr" -type d -exec chmod 0755 {} +
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND find "${root}/usr" -type f -exec chmod 0644 {} +
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND chmod 0755 "${root}/usr/bin/jianbao" COMMAND_ERROR_IS_FATAL ANY)
