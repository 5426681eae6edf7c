// Command drumbeat-ferretdb runs FerretDB v1.24 over SQLite as Drumbeat's embedded
// MongoDB-wire server. It embeds the ferretdb package instead of installing
// cmd/ferretdb, whose `go install` build panics on a missing version file.
//
// On start it prints one JSON line {"uri": "..."} to stdout once the listener is
// bound (use -listen 127.0.0.1:0 for a free port), and exits on SIGINT/SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on; port 0 picks a free one")
	dataDir := flag.String("data-dir", "data", "directory holding the SQLite database files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	parentPID := flag.Int("parent-pid", 0, "exit when this process is gone, so a killed supervisor leaves no orphan")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("bad -data-dir", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail("cannot create -data-dir", err)
	}

	// FerretDB writes its state file into the working directory.
	if err := os.Chdir(dir); err != nil {
		fail("cannot enter -data-dir", err)
	}

	// Clients reach FerretDB through the update serializer (serialize.go) on -listen; FerretDB itself
	// listens on a free loopback port only the serializer uses.
	front, err := net.Listen("tcp", *listen)
	if err != nil {
		fail("cannot listen", err)
	}
	backendPort, err := freeLoopbackPort()
	if err != nil {
		fail("cannot pick a port for FerretDB", err)
	}
	backend := net.JoinHostPort("127.0.0.1", strconv.Itoa(backendPort))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: backend},
		Logger:   logger,
		Handler:  "sqlite",
		// WAL without an fsync per commit: the embedded default is for development, where a crash of the
		// machine may lose the last moments; every commit still survives a crash of FerretDB itself.
		SQLiteURL: "file:" + dir + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		fail("cannot start FerretDB", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *parentPID > 0 {
		go exitWithParent(*parentPID, stop)
	}
	go keepIDLookupsIndexed(ctx, dir, logger)

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	go newUpdateSerializer(backend, logger).serve(ctx, front)

	// The parent process reads this line to learn the bound address.
	uri := "mongodb://" + front.Addr().String() + "/"
	if err := json.NewEncoder(os.Stdout).Encode(map[string]string{"uri": uri}); err != nil {
		fail("cannot report the address", err)
	}

	if err := <-done; err != nil && ctx.Err() == nil {
		fail("FerretDB stopped", err)
	}
}

// exitWithParent cancels the server once the parent process is gone: when the parent dies we are
// re-parented, so our parent PID changes.
func exitWithParent(pid int, cancel context.CancelFunc) {
	for range time.Tick(time.Second) {
		if os.Getppid() != pid {
			slog.Warn("parent process is gone, shutting down", "parent", pid)
			cancel()
			return
		}
	}
}

// freeLoopbackPort asks the kernel for a free port on 127.0.0.1 (free again once this returns).
func freeLoopbackPort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

func fail(what string, err error) {
	slog.Error(what, "error", err)
	os.Exit(1)
}
