//! Entry point: parse the command line, run it, print any error once, exit with its code.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rehearse::cli::Cli::parse();
    rehearse::app::main(cli)
}
