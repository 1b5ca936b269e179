//! The scenarios of issue 8.

pub mod fanout;
pub mod memory;
pub mod mixed;
pub mod reads;
pub mod search;
pub mod startup;
pub mod upload;
pub mod writes;
