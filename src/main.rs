#![forbid(unsafe_code)]
use clap::Parser;

fn main() -> std::process::ExitCode {
    tenken::cli::run(tenken::cli::Cli::parse())
}
