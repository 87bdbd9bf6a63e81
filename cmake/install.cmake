# `cmake --install build --prefix P` and `make package` (CPack, a .deb). Included from the top
# CMakeLists.txt after src/ (the program and its generated manual and completion).
#
#   P/bin/jianbao
#   P/share/jianbao/fonts/                the shipped fonts, licenses/, SHA256SUMS, README.md
#   P/share/doc/jianbao/examples/         the demo specs (templates/) and their data (data/)
#   P/share/man/man1/jianbao.1            generated from the program's command line
#   P/share/bash-completion/completions/jianbao
#   P/share/locale/zh_CN/LC_MESSAGES/jianbao.mo  the Chinese messages
#
# The program finds its fonts relative to itself (P/bin/../share/jianbao/fonts:
# src/app/install_paths), so that P can be any prefix, and the demos render from the examples
# folder, because their specs name their data relative to themselves (../../data/...).
include(GNUInstallDirs)

set(JB_DATADIR ${CMAKE_INSTALL_DATADIR}/jianbao)
# Folders the install creates are 0755 whatever the umask (a 0775 one is a lintian error).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
    GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(TARGETS jianbao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# --- Data the program reads: <prefix>/share/... ------------------------------------------
# Every installed data folder is found by app/install_paths' find_data_dir (relative to the
# program, then the build tree's); add its install(...) line here.
file(GLOB JB_FONT_FILES ${PROJECT_SOURCE_DIR}/fonts/*.ttf)
install(FILES ${JB_FONT_FILES} ${PROJECT_SOURCE_DIR}/fonts/SHA256SUMS
              ${PROJECT_SOURCE_DIR}/fonts/README.md
        DESTINATION ${JB_DATADIR}/fonts)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fonts/licenses DESTINATION ${JB_DATADIR}/fonts)
# The message catalogs, compiled into the build tree (src/CMakeLists.txt): found by
# app/install_paths' catalog_dir.
install(FILES ${PROJECT_BINARY_DIR}/locale/zh_CN/LC_MESSAGES/jianbao.mo
        DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/zh_CN/LC_MESSAGES)
# The spec's JSON Schema (`jianbao schema`; tests/spec/schema_test.cpp keeps the copy current),
# for editors: # yaml-language-server: $schema=/usr/share/jianbao/jianbao.schema.json
install(FILES ${PROJECT_SOURCE_DIR}/templates/jianbao.schema.json DESTINATION ${JB_DATADIR})

# --- Documentation ----------------------------------------------------------------------------
# The demos as examples: the specs, and the data files that are part of the source (not what
# a demo step makes, such as data/jiankuang/jiankuang.db, which scripts/demo_db.py writes).
# (templates/init/ is what `jianbao init` writes, built into the program.)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/templates
        FILES_MATCHING PATTERN "*.yaml" PATTERN "*.yml" PATTERN "*.md" PATTERN "init" EXCLUDE)
# The guide --help and the manual point to, and the typesetting rules it refers to.
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/src/layout/TYPOGRAPHY.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/data
        FILES_MATCHING PATTERN "*.csv" PATTERN "*.md" PATTERN "*.xlsx" PATTERN "*.xls")
install(FILES ${PROJECT_BINARY_DIR}/jianbao.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/jianbao.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME jianbao)

# --- make package: a .deb --------------------------------------------------------------------
# cpack installs without building `all` first (the package needs the program and its manual,
# not the test suite; and the package test runs cpack while ctest runs).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jianbao)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "jianbao maintainers <maintainers@users.noreply.r-seed-fefeebb7.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "typeset Chinese statistical briefings as PDF")
set(CPACK_PACKAGE_DESCRIPTION
    "jianbao reads a report spec (YAML) and the data it names (CSV files, Excel\n"
    "workbooks, SQLite and PostgreSQL queries) and typesets a Chinese statistical\n"
    "briefing or official notice (GB/T 9704) as a PDF with its tables and charts,\n"
    "or one report per row of a table. It is a batch program for cron, systemd\n"
    "timers and Kubernetes Jobs: diagnostics as FILE:LINE:COL, atomic writes and a\n"
    "manifest of every run.\n"
    "\n"
    "The package ships the fonts it embeds (Noto CJK, LXGW WenKai and Fandol\n"
    "derivatives, Liberation) and the demo reports as examples.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # jianbao_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the shared libraries the program links (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hyphen-en-us")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "poppler-utils")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS})
# After the install into the package's tree, before it is packed (cmake/deb/finish.cmake):
# what Debian's policy wants of a package besides the files (copyright, changelog.Debian.gz,
# the manual compressed, the lintian overrides, 0755/0644 modes).
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/deb/finish.cmake)
set(CPACK_JB_SOURCE_DIR ${PROJECT_SOURCE_DIR})
set(CPACK_JB_BINARY_DIR ${PROJECT_BINARY_DIR})
set(CPACK_JB_STRIP ${CMAKE_STRIP})
set(CPACK_JB_VERSION ${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE})
include(CPack)
