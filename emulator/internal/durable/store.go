package durable

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FileName is the store's file inside the data directory.
const FileName = "state.db"

var (
	bucketParts = []byte("parts")
	bucketMeta  = []byte("meta")
	keyFormat   = []byte("format")
)

// format is the layout version of the store this build writes.
const format = "1"

// ErrLocked reports a data directory another process holds open.
var ErrLocked = errors.New("durable: the data directory is in use by another process")

// Store is the data directory's embedded database.
type Store struct {
	db *bolt.DB
}

// Open opens (creating if need be) the store in dir. A second process
// opening the same dir gets ErrLocked rather than waiting.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("durable: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{
		Timeout: 500 * time.Millisecond,
		// The free list is rebuilt on open rather than written on every
		// commit: cheaper commits, and nothing to lose in a crash.
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
	})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("durable: open %s: %w", dir, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists(bucketParts); err != nil {
			return err
		}
		switch v := meta.Get(keyFormat); {
		case v == nil:
			return meta.Put(keyFormat, []byte(format))
		case string(v) != format:
			return fmt.Errorf("durable: store format %q, this build reads %q", v, format)
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Load returns every part stored; an empty map for a new store.
func (s *Store) Load() (map[string][]byte, error) {
	parts := map[string][]byte{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketParts).ForEach(func(k, v []byte) error {
			parts[string(k)] = append([]byte(nil), v...)
			return nil
		})
	})
	return parts, err
}

// Write stores parts in one transaction, durable (fsynced) when it
// returns nil. Parts not named keep their value.
func (s *Store) Write(parts map[string][]byte) error {
	if len(parts) == 0 {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketParts)
		for k, v := range parts {
			if err := b.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Meta returns a value kept beside the parts (such as a signing key), or
// nil.
func (s *Store) Meta(key string) ([]byte, error) {
	var v []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v = append([]byte(nil), tx.Bucket(bucketMeta).Get([]byte(key))...)
		return nil
	})
	if len(v) == 0 {
		v = nil
	}
	return v, err
}

// SetMeta stores a value beside the parts, durably.
func (s *Store) SetMeta(key string, v []byte) error {
	if key == string(keyFormat) {
		return fmt.Errorf("durable: %q is reserved", key)
	}
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte(key), v) })
}

// Check walks the whole file and reports the first inconsistency, if any.
func (s *Store) Check() error {
	return s.db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }
