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
// and Drumbeat counts on that. updateSerializer stands between the clients and FerretDB: an update
// command has its collection to itself while it runs, and findAndModify commands by _id run side by
// side unless they name the same document. The read and the write of one update can then no longer
// interleave with another's on the same document. Reads, inserts and deletes pass untouched.

const (
	opMsg         = 2013
	maxMessageLen = 48 * 1024 * 1024
	moreToCome    = 1 << 1
)

type updateSerializer struct {
	backend string
	logger  *slog.Logger
	mu      sync.Mutex
	// Per collection: an update command (any number of statements, any filters) holds it exclusively;
	// a findAndModify by _id holds it shared plus the lock of its one document, so read-modify-writes of
	// different documents still run side by side.
	collections map[string]*sync.RWMutex
	documents   map[string]*sync.Mutex
}

func newUpdateSerializer(backend string, logger *slog.Logger) *updateSerializer {
	return &updateSerializer{backend: backend, logger: logger, collections: map[string]*sync.RWMutex{}, documents: map[string]*sync.Mutex{}}
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
		unlock := s.lockFor(request)
		err = exchange(request, server, fromServer, client)
		unlock()
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

// lockFor takes the locks an update or findAndModify command needs and returns their release.
func (s *updateSerializer) lockFor(message []byte) func() {
	command, collection, body, ok := commandOf(message)
	if !ok {
		return func() {}
	}
	switch strings.ToLower(command) {
	case "update":
	case "findandmodify":
		if id, found := queryID(body); found {
			shared := s.collectionLock(collection)
			shared.RLock()
			one := s.documentLock(collection + "\x00" + string(id))
			one.Lock()
			return func() {
				one.Unlock()
				shared.RUnlock()
			}
		}
	default:
		return func() {}
	}
	exclusive := s.collectionLock(collection)
	exclusive.Lock()
	return exclusive.Unlock
}

func (s *updateSerializer) collectionLock(collection string) *sync.RWMutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	lock, found := s.collections[collection]
	if !found {
		lock = &sync.RWMutex{}
		s.collections[collection] = lock
	}
	return lock
}

// documentLock returns the lock of one document; locks of documents no longer in use are dropped once
// the map grows large, so it stays bounded however many documents are modified.
func (s *updateSerializer) documentLock(key string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	lock, found := s.documents[key]
	if !found {
		if len(s.documents) > 100_000 {
			for k, l := range s.documents {
				if l.TryLock() {
					l.Unlock()
					delete(s.documents, k)
				}
			}
		}
		lock = &sync.Mutex{}
		s.documents[key] = lock
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

// commandOf reads an OP_MSG's command name (the first key of its body section), the collection it
// names when that key's value is a string, and the body document itself.
func commandOf(message []byte) (command, collection string, body []byte, ok bool) {
	if len(message) < 21 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return "", "", nil, false
	}
	offset := 20
	for offset < len(message) {
		kind := message[offset]
		offset++
		if kind == 1 { // a document sequence: int32 size (itself included), then its contents
			if offset+4 > len(message) {
				return "", "", nil, false
			}
			offset += int(binary.LittleEndian.Uint32(message[offset:]))
			continue
		}
		if kind != 0 {
			return "", "", nil, false
		}
		command, collection, err := firstElement(message[offset:])
		return command, collection, message[offset:], err == nil
	}
	return "", "", nil, false
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

// queryID returns the raw bytes of the _id a findAndModify's query names (its first key), if it does.
func queryID(body []byte) ([]byte, bool) {
	query, found := element(body, "query")
	if !found || len(query) < 1 || query[0] != 0x03 {
		return nil, false
	}
	doc := query[1:]
	if len(doc) < 5 || doc[4] == 0 {
		return nil, false
	}
	first := doc[4:]
	nameEnd := indexZero(first[1:])
	if nameEnd < 0 || string(first[1:1+nameEnd]) != "_id" {
		return nil, false
	}
	size, ok := valueSize(first[0], first[2+nameEnd:])
	if !ok {
		return nil, false
	}
	return first[:2+nameEnd+size], true
}

// element finds a top-level element by name in a BSON document and returns its type byte and value.
func element(document []byte, name string) ([]byte, bool) {
	if len(document) < 5 {
		return nil, false
	}
	rest := document[4:]
	for len(rest) > 1 && rest[0] != 0 {
		elementType := rest[0]
		nameEnd := indexZero(rest[1:])
		if nameEnd < 0 {
			return nil, false
		}
		value := rest[2+nameEnd:]
		size, ok := valueSize(elementType, value)
		if !ok || size > len(value) {
			return nil, false
		}
		if string(rest[1:1+nameEnd]) == name {
			return append([]byte{elementType}, value[:size]...), true
		}
		rest = value[size:]
	}
	return nil, false
}

// valueSize is the length of a BSON value of the given type at the start of value.
func valueSize(elementType byte, value []byte) (int, bool) {
	fixed := map[byte]int{0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0xFF: 0, 0x7F: 0}
	if size, found := fixed[elementType]; found {
		return size, size <= len(value)
	}
	if len(value) < 4 {
		return 0, false
	}
	length := int(binary.LittleEndian.Uint32(value))
	switch elementType {
	case 0x02, 0x0D, 0x0E: // string, JavaScript, symbol: int32 length, then the bytes
		return 4 + length, 4+length <= len(value)
	case 0x03, 0x04: // document, array: int32 total size
		return length, length >= 5 && length <= len(value)
	case 0x05: // binary: int32 length, subtype, bytes
		return 5 + length, 5+length <= len(value)
	}
	return 0, false
}

func indexZero(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}
