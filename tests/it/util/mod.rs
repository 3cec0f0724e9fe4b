pub mod emulator;
pub mod generate;
pub mod immutable;
pub mod pty;
pub mod screen;
pub mod seed;
pub mod skip;
pub mod xlsx;
