package postgres_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	osexec "os/exec"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// generated is a record stream of one incident with events timeline
// events (and evidence and reviews on top).
func generated(t *testing.T, events int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fixtures.Generate(&b, fixtures.GenOptions{Incidents: 1, Events: events, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// searchIndex is the oid and definition of the schema's trigram index
// (0 and "" when there is none).
func searchIndex(t *testing.T, q *sql.DB, schema string) (oid int64, made string) {
	t.Helper()
	err := q.QueryRow("SELECT c.oid::bigint, pg_get_indexdef(c.oid) FROM pg_class c WHERE c.oid = to_regclass($1)",
		schema+".events_search").Scan(&oid, &made)
	if err == sql.ErrNoRows {
		return 0, ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return oid, made
}

// smallBulk lowers the count of timeline rows from which an import may set
// the search index aside, so a test's import does.
func smallBulk(t *testing.T) {
	was := *postgres.BulkFrom
	*postgres.BulkFrom = 200
	t.Cleanup(func() { *postgres.BulkFrom = was })
}

// An import bringing more timeline rows than the table holds, run as the
// schema's owner, drops the trigram index inside its transaction and
// builds it again, as it was made, before it commits (its oid is new);
// the record verifies and a search finds through the index what it finds
// on the rows. Run as the application role, which may not drop the
// index, the same import keeps it current as before (its oid unchanged).
func TestALargeImportBuildsTheSearchIndexAgainOnlyWhereItsRoleOwnsIt(t *testing.T) {
	smallBulk(t)
	ctx := context.Background()
	owner, app, schema := roles(t)
	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ownerDB, err := sql.Open("pgx", as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer ownerDB.Close()
	exec(t, ownerDB, postgres.Grants(schema, app))
	appDB, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer appDB.Close()

	for _, c := range []struct {
		as      string
		d       *db.DB
		rebuilt bool
	}{{"the schema's owner", d, true}, {"the application role", appDB, false}} {
		t.Run("as "+c.as, func(t *testing.T) {
			oid, made := searchIndex(t, ownerDB, schema)
			if oid == 0 {
				t.Fatal("no search index before the import")
			}
			// Each run's incident is new: the owner's seed 3, the role's 4.
			var b bytes.Buffer
			seed := int64(3)
			if !c.rebuilt {
				seed = 4
			}
			if err := fixtures.Generate(&b, fixtures.GenOptions{Incidents: 1, Events: 1500, Seed: seed}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.d.ImportStream(ctx, "big.ndjson", &b, "importer"); err != nil {
				t.Fatal(err)
			}
			after, madeAfter := searchIndex(t, ownerDB, schema)
			if madeAfter != made {
				t.Fatalf("the search index after the import is %q; want it as made, %q", madeAfter, made)
			}
			if rebuilt := after != oid; rebuilt != c.rebuilt {
				t.Errorf("the search index was built again: %v; want %v", rebuilt, c.rebuilt)
			}
			if res, err := c.d.Verify(ctx); err != nil || !res.Intact {
				t.Fatalf("verify: %s, %v", res, err)
			}
			// The index answers for every row: the count through it (a
			// bitmap scan) is the count of the rows read one by one.
			var viaIndex, viaRows int
			tx, err := ownerDB.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			exec := func(q string, into *int) {
				t.Helper()
				if err := tx.QueryRow(q).Scan(into); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			var ignored int
			exec("SELECT 1 FROM (SELECT set_config('enable_seqscan', 'off', true)) s", &ignored)
			exec("SELECT count(*) FROM events WHERE folded LIKE '%evidence collected%'", &viaIndex)
			exec("SELECT 1 FROM (SELECT set_config('enable_seqscan', 'on', true), set_config('enable_bitmapscan', 'off', true)) s", &ignored)
			exec("SELECT count(*) FROM events WHERE folded || '' LIKE '%evidence collected%'", &viaRows)
			if viaIndex == 0 || viaIndex != viaRows {
				t.Errorf("a search through the index counts %d rows, over the rows %d; want the same, not 0", viaIndex, viaRows)
			}
		})
	}
}

// The kill test runs this test binary as a process of its own: it imports
// into the schema its address names and, once the import dropped the
// search index, says so and waits to be killed.
const bulkKillEnv = "SIGNOFF_TEST_BULK_KILL"

// TestAnImportInAProcessOfItsOwn is not a test on its own: the test below
// runs it in a process of its own (it skips otherwise).
func TestAnImportInAProcessOfItsOwn(t *testing.T) {
	address := os.Getenv(bulkKillEnv)
	if address == "" {
		t.Skip("run by the test that kills an import")
	}
	smallBulk(t)
	*postgres.SetAsideHook = func() {
		fmt.Println("set aside")
		// Until killed; a process left behind by a test that died ends
		// on its own.
		time.Sleep(2 * time.Minute)
		os.Exit(3)
	}
	d, err := db.Open(context.Background(), address)
	if err != nil {
		fmt.Println("open: " + err.Error())
		return
	}
	defer d.Close()
	_, err = d.ImportStream(context.Background(), "big.ndjson", bytes.NewReader(generated(t, 1500)), "importer")
	fmt.Printf("import ended: %v\n", err)
}

// An import killed outright (kill -9) after it dropped the search index
// leaves the index as it was: the server rolls the import's transaction
// back, its DROP with it, when the connection drops. The record verifies
// and holds nothing of the import.
func TestAnImportKilledAfterItSetTheSearchIndexAsideLeavesTheIndex(t *testing.T) {
	ctx := context.Background()
	owner, _, schema := roles(t)
	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ownerDB, err := sql.Open("pgx", as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer ownerDB.Close()
	oid, made := searchIndex(t, ownerDB, schema)

	cmd := osexec.Command(os.Args[0], "-test.run=^TestAnImportInAProcessOfItsOwn$", "-test.count=1")
	cmd.Env = append(os.Environ(), bulkKillEnv+"="+as(t, owner, schema))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "set aside" {
		t.Fatalf("the importing process said %q; want it to have set the search index aside", lines.Text())
	}
	// Seen from here, before the kill: the index is there (the DROP is not
	// committed), and the import holds the timeline's exclusive lock.
	held := func() bool {
		var n int
		if err := ownerDB.QueryRow(`SELECT count(*) FROM pg_locks
			WHERE relation = to_regclass($1) AND mode = 'AccessExclusiveLock' AND granted`, schema+".events").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	if !held() {
		t.Fatal("the import set the index aside without the timeline's exclusive lock")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	// The server rolls the transaction back when it reads the end of the
	// connection; the lock goes with it.
	for held() {
		time.Sleep(100 * time.Millisecond)
	}
	if after, madeAfter := searchIndex(t, ownerDB, schema); after != oid || madeAfter != made {
		t.Errorf("after the kill the search index is %d %q; want it as it was, %d %q", after, madeAfter, oid, made)
	}
	res, err := d.Verify(ctx)
	if err != nil || !res.Intact {
		t.Fatalf("verify: %s, %v", res, err)
	}
	if _, err := d.IncidentSummary(ctx, "SYN-3-1"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("the killed import's incident: %v; want none", err)
	}
}
