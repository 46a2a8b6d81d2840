//! Importing the standard conflict datasets (UCDP GED, ACLED, GTD, and any CSV
//! through a mapping file) into sitrep's cited, range-aware event schema.
