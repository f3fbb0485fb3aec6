package lambdabuild

import (
	"context"
	"sync"
)

// keyLocks serializes the Builds of one cache key in this process, so that concurrent Builds of the same
// package compile once and the others wait and get the cached zip.
var keyLocks = &keyedMutex{locks: make(map[string]*keyLock)}

// keyedMutex is a set of mutexes by key. A key's entry exists only while some caller holds or waits for it.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*keyLock
}

type keyLock struct {
	// held has a buffer of one and contains a value while the lock is held.
	held chan struct{}
	// references counts the holder and the waiters.
	references int
}

// lock waits until it holds the lock of key or ctx is done, and returns the function that releases it.
func (k *keyedMutex) lock(ctx context.Context, key string) (func(), error) {
	k.mu.Lock()
	entry, ok := k.locks[key]
	if !ok {
		entry = &keyLock{held: make(chan struct{}, 1)}
		k.locks[key] = entry
	}
	entry.references++
	k.mu.Unlock()

	select {
	case entry.held <- struct{}{}:
		return func() {
			<-entry.held
			k.release(key, entry)
		}, nil
	case <-ctx.Done():
		k.release(key, entry)
		return nil, ctx.Err()
	}
}

func (k *keyedMutex) release(key string, entry *keyLock) {
	k.mu.Lock()
	defer k.mu.Unlock()

	entry.references--
	if entry.references == 0 {
		delete(k.locks, key)
	}
}
