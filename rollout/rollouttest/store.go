package rollouttest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Store keeps a Runner's record as JSON, as an annotation or a custom
// resource would: the double for runner.StatusStore. Because it stores
// bytes, a Record that does not round-trip through JSON fails here as it
// would on a cluster.
type Store struct {
	mu     sync.Mutex
	data   []byte
	faults faults
	log    *journal
}

var _ runner.StatusStore = (*Store)(nil)

// NewStore returns an empty store: Load finds nothing.
func NewStore() *Store { return newStore(&journal{}) }

func newStore(log *journal) *Store { return &Store{log: log} }

// FailNext makes the next call of op (OpLoad or OpSave) fail with err, or
// with ErrInjected when err is nil.
func (s *Store) FailNext(op Op, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.push(op, err)
}

// SetRaw replaces the stored bytes, as another writer would; nil deletes
// the record (Load then finds nothing).
func (s *Store) SetRaw(data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = append([]byte(nil), data...)
	if data == nil {
		s.data = nil
	}
}

// Raw returns the stored bytes, nil when nothing is stored.
func (s *Store) Raw() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.data...)
}

// Record decodes the stored record; found is false when nothing is stored.
func (s *Store) Record() (rec runner.Record, found bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.decode()
}

// Calls returns the store's port calls in order.
func (s *Store) Calls() Calls { return s.log.snapshot("Store") }

// Load implements runner.StatusStore.
func (s *Store) Load(ctx context.Context) (runner.Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, found, err := s.decode()
	if ferr := s.faults.check(ctx, OpLoad); ferr != nil {
		rec, found, err = runner.Record{}, false, ferr
	}
	s.log.add(OpLoad, string(rec.Status.Phase), err)
	return rec, found, err
}

// Save implements runner.StatusStore.
func (s *Store) Save(ctx context.Context, rec runner.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.faults.check(ctx, OpSave)
	var data []byte
	if err == nil {
		data, err = json.Marshal(rec)
		if err != nil {
			err = fmt.Errorf("rollouttest: save record: %w", err)
		}
	}
	s.log.add(OpSave, string(rec.Status.Phase), err)
	if err == nil {
		s.data = data
	}
	return err
}

func (s *Store) decode() (runner.Record, bool, error) {
	if s.data == nil {
		return runner.Record{}, false, nil
	}
	var rec runner.Record
	if err := json.Unmarshal(s.data, &rec); err != nil {
		return runner.Record{}, false, fmt.Errorf("rollouttest: stored record: %w", err)
	}
	return rec, true, nil
}
