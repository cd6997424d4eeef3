"""Where reports live: the schema and its migrations, the stored rows, the SQLite store and the
PostgreSQL store. The only package that holds a database connection."""
