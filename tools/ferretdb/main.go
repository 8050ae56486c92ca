// Command ferretdb-runner starts an embedded FerretDB v1 (SQLite backend) so that
// development and CI have a real MongoDB-wire-compatible server without a mongod binary.
//
// It prints the MongoDB URI on stdout once the socket is bound, so callers can wait
// for that line instead of polling the port.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free port)")
	dir := flag.String("data-dir", ".data/ferretdb", "directory for SQLite files (created if missing)")
	// SQLite's mode=memory deadlocks under FerretDB with several writers (a database stops answering);
	// tests use a temporary data-dir instead. Kept for single-connection experiments only.
	memory := flag.Bool("memory", false, "keep all data in memory (UNRELIABLE with concurrent writers; prefer a temp data-dir)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		log.Fatalf("bad -log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	abs, err := filepath.Abs(*dir)
	if err == nil {
		err = os.MkdirAll(abs, 0o755)
	}
	if err != nil {
		log.Fatal(err)
	}

	// FerretDB wants a directory URI that ends with a slash.
	uri := "file:" + abs + "/"
	if *memory {
		uri += "?mode=memory"
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: uri,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The listener is bound by New, so the URI is reachable from now on.
	fmt.Println(f.MongoDBURI())

	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
