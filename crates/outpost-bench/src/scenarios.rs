//! The scenarios of issue 8.

pub mod fanout;
pub mod memory;
pub mod reads;
pub mod startup;
pub mod upload;
pub mod writes;
