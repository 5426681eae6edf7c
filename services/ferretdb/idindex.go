package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB 1.24 looks documents up by _id with the expression _ferretdb_sjson->'$._id' but indexes
// _id as _ferretdb_sjson->"_id". SQLite only uses an expression index for the identical expression,
// so every find, update or delete by _id scans the whole table: an upsert gets slower with every
// document stored. keepIDLookupsIndexed adds, to every collection table, an index on the expression
// the lookups use. FerretDB keeps its own index list in its metadata table and never sees this one;
// dropping the table drops it too.
func keepIDLookupsIndexed(ctx context.Context, dir string, logger *slog.Logger) {
	ticker := time.NewTicker(2 * time.Second)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexIDLookups(ctx, file); err != nil && ctx.Err() == nil {
				logger.Debug("cannot index _id lookups yet", "file", file, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func indexIDLookups(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"__id_lookup", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
