//! Import column recognition (being written).
