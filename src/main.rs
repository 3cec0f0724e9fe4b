#![forbid(unsafe_code)]
use clap::Parser;

fn main() -> std::process::ExitCode {
    // Before any thread exists: the local UTC offset can only be read now.
    tenken::clock::init();
    tenken::cli::run(tenken::cli::Cli::parse())
}
