pub mod generate;
pub mod screen;
pub mod seed;
pub mod xlsx;
