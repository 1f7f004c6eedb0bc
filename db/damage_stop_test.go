package db

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A verify stopped by ctrl+c (its context cancelled) has met no damage:
// SQLite's integrity check was cut short, not failed. Noting it as damage
// made every later command on the sound file warn that it is damaged and
// refuse to write until someone ran verify again.
func TestAStoppedVerifyIsNotDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	importDoc(t, d, sampleDoc())
	ctx, stop := context.WithCancel(context.Background())
	stop()
	res, err := d.Verify(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a stopped verify: %s, %v; want it to say it was stopped", res, err)
	}
	if _, err := os.Stat(path + damagedSuffix); err == nil {
		t.Error("a stopped verify noted the file as damaged")
	}
	if dmg := d.Damage(); dmg != "" {
		t.Errorf("a stopped verify left the file known as damaged: %s", dmg)
	}
}
