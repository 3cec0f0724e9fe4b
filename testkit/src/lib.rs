//! What tenken's integration tests (`tests/it/`), benchmarks (`benches/`) and examples
//! (`examples/`) share, as a crate of its own so that each of them uses it by name: the tests'
//! own answer sheets ([`fixture`]), generated sheets of chosen answers ([`generate`]), the
//! source report's figures ([`seed`]) and the interview drawn off-screen ([`screen`]).
//! A development dependency only: nothing here is in the program.

pub mod fixture;
pub mod generate;
pub mod screen;
pub mod seed;
