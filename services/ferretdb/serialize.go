package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"
)

// FerretDB 1.24 applies an update by reading the document, changing it in Go and writing it back in a
// later transaction, so two updates of one document at the same moment can lose one of them (200
// concurrent $inc of one counter ended at 9). MongoDB applies each update to a document atomically,
// and Drumbeat counts on that. updateSerializer stands between the clients and FerretDB and lets only
// one update or findAndModify per collection through at a time: the read and the write of one update
// can then no longer interleave with another's. Reads, inserts and deletes pass untouched.

const (
	opMsg         = 2013
	maxMessageLen = 48 * 1024 * 1024
	moreToCome    = 1 << 1
)

type updateSerializer struct {
	backend string
	logger  *slog.Logger
	mu      sync.Mutex
	locks   map[string]*sync.Mutex
}

func newUpdateSerializer(backend string, logger *slog.Logger) *updateSerializer {
	return &updateSerializer{backend: backend, logger: logger, locks: map[string]*sync.Mutex{}}
}

// serve accepts client connections until ctx ends, relaying each to FerretDB on its own connection.
func (s *updateSerializer) serve(ctx context.Context, listener net.Listener) {
	go func() {
		<-ctx.Done()
		listener.Close()
	}()
	for {
		client, err := listener.Accept()
		if err != nil {
			if ctx.Err() == nil {
				s.logger.Error("accept failed", "error", err)
			}
			return
		}
		go s.relay(client)
	}
}

func (s *updateSerializer) relay(client net.Conn) {
	defer client.Close()
	server, err := dialWithRetries(s.backend)
	if err != nil {
		s.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()
	fromClient := bufio.NewReader(client)
	fromServer := bufio.NewReader(server)
	for {
		request, err := readMessage(fromClient)
		if err != nil {
			return
		}
		lock := s.lockFor(request)
		if lock != nil {
			lock.Lock()
		}
		err = exchange(request, server, fromServer, client)
		if lock != nil {
			lock.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// dialWithRetries connects to FerretDB, waiting up to five seconds for it while it starts.
func dialWithRetries(address string) (net.Conn, error) {
	var err error
	for attempt := 0; attempt < 50; attempt++ {
		var conn net.Conn
		if conn, err = net.Dial("tcp", address); err == nil {
			return conn, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, err
}

// exchange sends one request and relays its replies (none when the client asked for none; several
// while the server says more are coming).
func exchange(request []byte, server net.Conn, fromServer *bufio.Reader, client net.Conn) error {
	if _, err := server.Write(request); err != nil {
		return err
	}
	if flagsOf(request)&moreToCome != 0 {
		return nil
	}
	for {
		reply, err := readMessage(fromServer)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if flagsOf(reply)&moreToCome == 0 {
			return nil
		}
	}
}

// lockFor returns the lock of the collection an update or findAndModify command names, else nil.
func (s *updateSerializer) lockFor(message []byte) *sync.Mutex {
	command, collection, ok := commandOf(message)
	if !ok {
		return nil
	}
	switch strings.ToLower(command) {
	case "update", "findandmodify":
	default:
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lock, found := s.locks[collection]
	if !found {
		lock = &sync.Mutex{}
		s.locks[collection] = lock
	}
	return lock
}

// readMessage reads one whole wire-protocol message (header included).
func readMessage(r *bufio.Reader) ([]byte, error) {
	header, err := r.Peek(4)
	if err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header))
	if length < 16 || length > maxMessageLen {
		return nil, fmt.Errorf("bad message length %d", length)
	}
	message := make([]byte, length)
	if _, err := io.ReadFull(r, message); err != nil {
		return nil, err
	}
	return message, nil
}

func flagsOf(message []byte) uint32 {
	if len(message) < 20 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return 0
	}
	return binary.LittleEndian.Uint32(message[16:20])
}

// commandOf reads an OP_MSG's command name (the first key of its body section) and, when that key's
// value is a string, the collection it names.
func commandOf(message []byte) (command, collection string, ok bool) {
	if len(message) < 21 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return "", "", false
	}
	offset := 20
	for offset < len(message) {
		kind := message[offset]
		offset++
		if kind == 1 { // a document sequence: int32 size (itself included), then its contents
			if offset+4 > len(message) {
				return "", "", false
			}
			offset += int(binary.LittleEndian.Uint32(message[offset:]))
			continue
		}
		if kind != 0 {
			return "", "", false
		}
		command, collection, err := firstElement(message[offset:])
		return command, collection, err == nil
	}
	return "", "", false
}

func firstElement(document []byte) (name, value string, err error) {
	if len(document) < 6 {
		return "", "", errors.New("short document")
	}
	elementType := document[4]
	rest := document[5:]
	end := 0
	for end < len(rest) && rest[end] != 0 {
		end++
	}
	if end == len(rest) {
		return "", "", errors.New("unterminated name")
	}
	name = string(rest[:end])
	rest = rest[end+1:]
	if elementType == 0x02 && len(rest) >= 4 {
		size := int(binary.LittleEndian.Uint32(rest))
		if size >= 1 && 4+size <= len(rest) {
			value = string(rest[4 : 4+size-1])
		}
	}
	return name, value, nil
}
