#include "migrator/cli/app.h"

int main(int argc, char** argv) { return migrate::cli::Run(argc, argv); }
