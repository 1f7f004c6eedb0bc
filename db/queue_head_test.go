package db

import (
	"context"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// openQueues is openQueue with six synthetic open incidents beside
// INC-2046 (four pending items each, some on a privileged target), and a
// first approval of INC-2046/S3 awaiting its second.
func openQueues(t *testing.T) *DB {
	t.Helper()
	d := openQueue(t)
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeQueueStream(pw, 6, 4)) }()
	asOfSamples(d, func() {
		if _, err := d.ImportStream(context.Background(), "queue.ndjson", pr, "importer"); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := decide(d, "alice", "S3", model.OutcomeApproved); err != nil {
		t.Fatal(err)
	}
	return d
}

// pickAll picks every incident with a pending item.
func pickAll(keys []model.PendingItem) []string {
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.Incident)
	}
	return ids
}

func sortedKeys(items []model.PendingItem) []string {
	items = slices.Clone(items)
	review.SortQueue(review.DefaultPolicy(), items)
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key()+":"+string(it.Tier))
	}
	return keys
}

func TestTheQueuesHeadIsThePickedPartOfTheWholeRead(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueues(t)
		ctx := context.Background()
		whole, err := d.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var keys []model.PendingItem
		pick := func(k []model.PendingItem) []string {
			keys = k
			return []string{"INC-2046", "INC-00003", "INC-2041", "NOPE"} // a resolved and an unknown one are no part
		}
		h, err := d.PendingQueueHead(ctx, pick)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sortedKeys(keys), sortedKeys(whole.Items); !slices.Equal(got, want) {
			t.Errorf("the keys sort as\n%v\nthe whole read as\n%v", got, want)
		}
		var want []model.PendingItem
		for _, it := range whole.Items {
			if it.Incident == "INC-2046" || it.Incident == "INC-00003" {
				want = append(want, it)
			}
		}
		if !reflect.DeepEqual(h.Items, want) {
			t.Errorf("the head's items\n%+v\nwant the whole read's\n%+v", h.Items, want)
		}
		if len(want) != 9 || want[0].FirstApproval == nil {
			t.Fatalf("the test's queue is not what it should be: %+v", want)
		}
		if h.Pending != len(whole.Items) || h.Incidents != 7 || h.Whole {
			t.Errorf("head counts %d items in %d incidents (whole %v); want %d in 7, not whole", h.Pending, h.Incidents, h.Whole, len(whole.Items))
		}
		if h.Seq != whole.Seq || !reflect.DeepEqual(h.Status, whole.Status) || !reflect.DeepEqual(h.Claims, whole.Claims) ||
			!reflect.DeepEqual(h.Handoffs, whole.Handoffs) || !reflect.DeepEqual(h.HandoffCount, whole.HandoffCount) {
			t.Errorf("the head's snapshot, statuses, claims or notes differ from the whole read's")
		}

		h, err = d.PendingQueueHead(ctx, pickAll)
		if err != nil {
			t.Fatal(err)
		}
		if !h.Whole || !reflect.DeepEqual(h.Items, whole.Items) {
			t.Errorf("picking every incident should read the whole queue: whole %v, %d items", h.Whole, len(h.Items))
		}
	})
}

func TestTheQueuesHeadKnowsAPrivilegedTarget(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueues(t)
		var keys []model.PendingItem
		if _, err := d.PendingQueueHead(context.Background(), func(k []model.PendingItem) []string { keys = k; return nil }); err != nil {
			t.Fatal(err)
		}
		privileged := map[string]bool{}
		for _, k := range keys {
			if k.Target != nil {
				privileged[k.Incident+" "+k.Target.ID] = k.Target.Privileged
			}
		}
		if !privileged["INC-00001 key-1"] || privileged["INC-00001 host-1"] {
			t.Errorf("privileged targets %v; want key-1 and not host-1", privileged)
		}
	})
}

// The head checks the entries of what it reads in full, as the whole read
// does: an edited target asset of a picked incident is named.
func TestTheQueuesHeadChecksTheTargetsItShows(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueues(t)
		var seq int64
		if err := d.sql.QueryRow("SELECT a.seq FROM assets a JOIN incidents i ON i.seq = a.inc WHERE i.id = 'INC-00002' AND a.id = 'key-1'").Scan(&seq); err != nil {
			t.Fatal(err)
		}
		tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, '\"kind\":\"key\"', '\"kind\":\"lock\"') WHERE seq = "+strconv.FormatInt(seq, 10))
		pick := func([]model.PendingItem) []string { return []string{"INC-00002"} }
		if _, err := d.PendingQueueHead(context.Background(), pick); err != nil {
			t.Fatal(err)
		}
		want := "the record was changed outside signoff: entry " + strconv.FormatInt(seq, 10) + " (assets key-1)"
		if f := d.ReadFault(); !strings.Contains(f, want) {
			t.Errorf("the store says %q; want %q", f, want)
		}
	})
}
