#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    // Before any thread exists: the local UTC offset can only be read now.
    tenken::clock::init();
    tenken::cli::quiet_on_failed_output();
    tenken::cli::run(tenken::cli::parse_args(std::env::args_os().collect()))
}
