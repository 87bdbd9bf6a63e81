// The test binary's main: Catch2's, after the environment's language is taken out, so that the
// English messages the tests pin are what the program and every process it starts print
// (tests/e2e/messages_test.cpp sets a language where it wants one).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>

int main(int argc, char* argv[]) {
  ::setenv("LC_ALL", "C.UTF-8", 1);
  ::unsetenv("LANGUAGE");
  return Catch::Session().run(argc, argv);
}
