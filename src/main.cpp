// jianbao: the command line (app/cli) -> run_job -> exit code. Nothing else lives here.
#include "app/cli.hpp"

int main(int argc, char** argv) { return jb::app::run_command_line(argc, argv); }
