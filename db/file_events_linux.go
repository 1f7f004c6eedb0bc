package db

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"
)

// inotifyInit is a variable so a test can show what happens when no
// instance is left.
var inotifyInit = syscall.InotifyInit1

// fileEvents reports writes to the database file or its -wal file, by
// any process, through inotify: a watcher sleeps until one comes instead
// of waking to poll. SQLite writes WAL frames with write(2), which inotify
// sees; WAL mode needs every process on one host, so none is missed for
// being remote. nil when inotify cannot be had, with why: the caller
// polls.
func fileEvents(ctx context.Context, path string) (<-chan struct{}, error) {
	fd, err := inotifyInit(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		// EMFILE: every instance the user may have is taken (one per
		// waiting signoff, and other programs').
		return nil, fmt.Errorf("no inotify instance could be had: %w; fs.inotify.max_user_instances limits them per user", err)
	}
	// The directory, not the files: the -wal file may be removed and
	// made anew while a watch on it would stay with the old one.
	if _, err := syscall.InotifyAddWatch(fd, filepath.Dir(path), syscall.IN_MODIFY|syscall.IN_CREATE|syscall.IN_MOVED_TO); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("its folder could not be watched: %w; fs.inotify.max_user_watches limits watches per user", err)
	}
	f := os.NewFile(uintptr(fd), "inotify") // non-blocking: read through the runtime's poller
	out := make(chan struct{}, 1)
	names := [][]byte{[]byte(filepath.Base(path)), []byte(filepath.Base(path) + "-wal")}
	go func() {
		<-ctx.Done()
		f.Close()
	}()
	go func() {
		buf := make([]byte, 64*(syscall.SizeofInotifyEvent+syscall.NAME_MAX+1))
		for {
			n, err := f.Read(buf)
			if err != nil {
				return
			}
			if touches(buf[:n], names) {
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out, nil
}

// touches reports whether any event in buf names one of the files.
func touches(buf []byte, names [][]byte) bool {
	for len(buf) >= syscall.SizeofInotifyEvent {
		ev := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[0]))
		end := syscall.SizeofInotifyEvent + int(ev.Len)
		if end > len(buf) {
			return false
		}
		name := bytes.TrimRight(buf[syscall.SizeofInotifyEvent:end], "\x00")
		for _, want := range names {
			if bytes.Equal(name, want) {
				return true
			}
		}
		buf = buf[end:]
	}
	return false
}
