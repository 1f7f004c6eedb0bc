//go:build unix

package db

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The kill tests run this test binary as a process of its own: it opens
// the database named by createPathEnv and, when createStopEnv names a
// step, stops there, says so, and waits to be killed.
const (
	createPathEnv = "SIGNOFF_TEST_CREATE_PATH"
	createStopEnv = "SIGNOFF_TEST_CREATE_STOP"
)

// TestCreateInAProcessOfItsOwn is not a test on its own: the tests below
// run it in a process of their own (it skips otherwise).
func TestCreateInAProcessOfItsOwn(t *testing.T) {
	path := os.Getenv(createPathEnv)
	if path == "" {
		t.Skip("run by the tests that kill or race a create")
	}
	if stop := os.Getenv(createStopEnv); stop != "" {
		createStepHook = func(step string) {
			if step == stop {
				fmt.Println("stopped at " + step)
				time.Sleep(time.Hour) // until killed
			}
		}
	}
	ctx := context.Background()
	d, err := Open(ctx, path)
	if err != nil {
		fmt.Println("open: " + err.Error())
		return
	}
	defer d.Close()
	res, err := d.Verify(ctx)
	if err != nil || !res.Intact {
		fmt.Printf("verify: %v %v\n", res, err)
		return
	}
	fmt.Println("verified")
}

// createProcess runs TestCreateInAProcessOfItsOwn on path.
func createProcess(path, stop string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCreateInAProcessOfItsOwn$", "-test.count=1")
	cmd.Env = append(os.Environ(), createPathEnv+"="+path, createStopEnv+"="+stop)
	return cmd
}

// A first open killed outright (SIGKILL, a power cut) while it made the
// database used to leave at the path an empty file, or one without the
// stamp, which every later open refused ("an empty file, not a signoff
// database", "belongs to another program") until a person removed it.
// The database is made under a name of its own and takes the path only
// whole: a kill at any step leaves nothing at the path, the next open
// makes the database, and removes what the killed one left.
func TestAKilledCreateLeavesNothingAtThePath(t *testing.T) {
	steps := []string{"made", "formatted", "migrated 1", fmt.Sprintf("migrated %d", latestVersion()-1), "built"}
	for _, step := range steps {
		t.Run("killed once "+step, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "new.db")
			cmd := createProcess(path, step)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(out)
			stopped := false
			var said []string
			for lines.Scan() {
				said = append(said, lines.Text())
				if lines.Text() == "stopped at "+step {
					stopped = true
					cmd.Process.Kill()
					break
				}
			}
			for lines.Scan() {
			}
			cmd.Wait()
			if !stopped {
				t.Fatalf("the create never reached the step %q: it said %q", step, said)
			}
			if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
				d, oerr := Open(context.Background(), path)
				if oerr == nil {
					d.Close()
				}
				t.Fatalf("the killed create left a file at %s (%v); the next open says %v; want nothing there", path, err, oerr)
			}
			for _, name := range dirNames(t, dir) {
				if !strings.HasPrefix(name, "new.db"+incompleteNew) {
					t.Errorf("the killed create left %s; want only files named %s…", name, "new.db"+incompleteNew)
				}
				if strings.HasSuffix(name, "-wal") || strings.HasSuffix(name, "-shm") || strings.HasSuffix(name, "-journal") {
					continue // the file's own, no database
				}
				d, err := Open(context.Background(), filepath.Join(dir, name))
				if err == nil {
					d.Close()
					t.Errorf("%s, the killed create's file, opens as a database", name)
				} else if !strings.Contains(err.Error(), "so open "+path) {
					t.Errorf("opening %s, the killed create's file, says %q; want it to name %s to open", name, err, path)
				}
			}
			ctx := context.Background()
			d, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("the open after the kill: %v", err)
			}
			res, err := d.Verify(ctx)
			if err != nil || !res.Intact {
				t.Errorf("the database made after the kill does not verify: %v, %v", res, err)
			}
			d.Close()
			if names := dirNames(t, dir); len(names) != 1 || names[0] != "new.db" {
				t.Errorf("after the next open the folder holds %v; want new.db alone", names)
			}
		})
	}
}

// Two processes that open one new path at once both made the database
// there: the loser found the winner's file empty, or not yet stamped,
// and refused it as a file of another program. Each makes its own and
// only one takes the path; every process opens that one.
func TestProcessesCreatingOnePathOpenOneDatabase(t *testing.T) {
	const processes = 4
	for round := range 3 {
		dir := t.TempDir()
		path := filepath.Join(dir, "new.db")
		said := make([]string, processes)
		var wg sync.WaitGroup
		for i := range processes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := createProcess(path, "").Output()
				said[i] = strings.TrimSpace(string(out))
				if err != nil {
					said[i] += " (" + err.Error() + ")"
				}
			}()
		}
		wg.Wait()
		for i, s := range said {
			if !strings.HasPrefix(s, "verified") {
				t.Errorf("round %d, process %d: %q; want it to open and verify the one database", round, i, s)
			}
		}
		// Processes closing at once may each leave the -wal and -shm to
		// the other, as SQLite does: they are the database's own.
		for _, name := range dirNames(t, dir) {
			if name != "new.db" && name != "new.db-wal" && name != "new.db-shm" {
				t.Errorf("round %d: the folder holds %s; want new.db and its own -wal and -shm alone", round, name)
			}
		}
	}
}
