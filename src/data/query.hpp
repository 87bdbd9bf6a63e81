// data: a query's result as a Table: SQLite (read-only) and PostgreSQL or what speaks its
// protocol (libpq, in a read-only transaction). Parameters are bound, never pasted into SQL.
#pragma once

#include "data/indicator_set.hpp"
#include "spec/job_spec.hpp"

namespace jb::data {

// Runs source.query against source.database (sqlite: the file source.file, opened read-only;
// postgres: source.connection, with libpq's environment and service file), its :name
// parameters bound from source.query_params, within source.timeout_seconds. The result's
// columns and rows become the table (data::shape_table, result_set), every value as its exact
// text (NULL a missing value), each cell located as <db>:query!C3 (the header is row 1), and
// the table's digest the sha256 of the result. Throws core::UserError: invalid_spec at the
// query for SQL the database refuses or a query that writes, unavailable (69) when the
// database cannot be reached or the time runs out, missing_input when an SQLite file is not
// there, data_error for a value that is not text or a figure.
Table read_query(const spec::DataSourceSpec& source);

}  // namespace jb::data
