package queue

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/signoff/signoff/tui/tuitest"
)

// newModelWithClock starts the queue for person with the screen's clock
// read from now.
func newModelWithClock(t *testing.T, store *db.DB, person string, w, h int, now func() time.Time) *Model {
	t.Helper()
	c := tuitest.Common(store, person, now)
	c.Terminal = &bytes.Buffer{}
	m := New(c)
	m.SetSize(w, h)
	runCmd(t, &m, m.Init())
	return &m
}

// feed appends stream lines to the stored INC-2046.
func feed(t *testing.T, store *db.DB, lines ...string) {
	t.Helper()
	doc, err := store.Document(context.Background(), "INC-2046")
	if err != nil {
		t.Fatal(err)
	}
	head, _ := json.Marshal(doc.Incident)
	stream := `{"record": "incident", "format": "signoff.incident/v1", ` + string(head[1:]) + "\n" + strings.Join(lines, "\n") + "\n"
	if _, err := store.ImportStream(context.Background(), "feed.ndjson", strings.NewReader(stream), "feed"); err != nil {
		t.Fatal(err)
	}
}

func TestFiltersCombineShowInTheHeaderAndEscClearsThem(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	cases := []struct {
		name, filter, want, header string
	}{
		{"tiers", "tier:critical,high", "S3 S4 S6", "3 of 5 pending · filter: tier:critical,high"},
		{"a tier and an agent together", "tier:critical,high agent:triage", "S6", "1 of 5 pending · filter: tier:critical,high agent:triage"},
		{"an asset", "asset:mining-vm", "S4", "filter: asset:mining-vm"},
		{"an incident", "incident:INC-2046 tier:low", "S8", "filter: incident:INC-2046 tier:low"},
		{"mine, before holding anything", "mine", "", "0 of 5 pending · filter: mine"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			press(t, m, "/", "ctrl+u")
			typeText(t, m, tc.filter)
			press(t, m, "enter")
			if got := keys(m); got != tc.want {
				t.Errorf("filter %q lists %q; want %q", tc.filter, got, tc.want)
			}
			if !strings.Contains(screen(m), tc.header) {
				t.Errorf("the header does not show the filter %q:\n%s", tc.header, screen(m))
			}
			checkFrame(t, m.View(), 80, 24)
		})
	}
	press(t, m, "esc")
	if got := keys(m); got != "S3 S4 S6 S5 S8" || strings.Contains(screen(m), "filter:") {
		t.Errorf("esc leaves %q listed:\n%s", got, screen(m))
	}
	press(t, m, "/", "ctrl+u")
	typeText(t, m, "tier:urgent")
	press(t, m, "enter")
	if !m.filtering || !strings.Contains(m.status, `tier "urgent" is not low, medium, high or critical`) {
		t.Errorf("a bad filter: filtering %v, status %q", m.filtering, m.status)
	}
	press(t, m, "esc")
	if m.filtering || keys(m) != "S3 S4 S6 S5 S8" {
		t.Errorf("esc on a bad filter keeps the list as it was: %q", keys(m))
	}
}

func TestSortingByExpiryAndAgeWithinTheIncident(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 160, 48)
	steps := []struct{ header, want string }{
		{"by expiry", "S6 S4 S3 S5 S8"},
		{"by age", "S3 S4 S5 S6 S8"},
		{"", "S3 S4 S6 S5 S8"},
	}
	for _, s := range steps {
		press(t, m, "s")
		if got := keys(m); got != s.want {
			t.Errorf("sorted %q: %q; want %q", s.header, got, s.want)
		}
		if s.header != "" && !strings.Contains(screen(m), "· "+s.header+" ·") {
			t.Errorf("the header does not say %q", s.header)
		}
	}
}

func TestGroupsHeadTheirItemsWithTheLatestHandoffNote(t *testing.T) {
	store := dbtestOpen(t)
	feed2043(t, store)
	if _, err := store.AddHandoffNote(context.Background(), model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "S3 waits for dave's second approval"}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddHandoffNote(context.Background(), model.HandoffNote{Incident: "INC-2046", By: "tomas", Text: "gateway quiet since 08:50"}); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, store, "alice", 160, 48)
	text := screen(m)
	for _, want := range []string{"▌INC-2043 · sev2 · contained · 1 pending", "▌INC-2046 · sev2 · open · 5 pending",
		"✎ hand-off (latest of 2) · tomas 11-25 09:00 UTC: gateway quiet since 08:50"} {
		if !strings.Contains(text, want) {
			t.Errorf("the list lacks %q:\n%s", want, text)
		}
	}
	if i, j := strings.Index(text, "▌INC-2046"), strings.Index(text, "✎ hand-off"); i < 0 || j < i || strings.Index(text, "S3 revoke_token") < j {
		t.Errorf("the note does not head INC-2046's items:\n%s", text)
	}
	// The item's detail carries the whole note.
	if !strings.Contains(text, "hand-off: tomas at 2026-11-25 09:00:00 UTC: gateway quiet since 08:50") {
		t.Errorf("the detail lacks the note:\n%s", text)
	}
	checkFrame(t, m.View(), 160, 48)
	press(t, m, "/")
	typeText(t, m, "incident:INC-2043")
	press(t, m, "enter")
	if keys(m) != "S9" {
		t.Errorf("filtered to INC-2043: %q", keys(m))
	}
}

// dbtestOpen is openStore with the contained INC-2043 loaded too.
func dbtestOpen(t *testing.T) *db.DB {
	t.Helper()
	return dbtestOpenNames(t, "inc-2046-mcp-token-open-queue.json", "inc-2043-exposed-elasticsearch-api-keys.json")
}

// feed2043 gives the contained INC-2043 a pending suggestion, S9.
func feed2043(t *testing.T, store *db.DB) {
	t.Helper()
	doc, err := store.Document(context.Background(), "INC-2043")
	if err != nil {
		t.Fatal(err)
	}
	head, _ := json.Marshal(doc.Incident)
	stream := `{"record": "incident", "format": "signoff.incident/v1", ` + string(head[1:]) + "\n" +
		`{"record": "event", "id": "S9", "at": "2026-11-25T08:50:00Z", "kind": "suggestion", "agent": "` + doc.Agents[0].ID +
		`", "action": {"type": "lookup", "target": "` + doc.Assets[0].ID + `"}, "rank": 1, "confidence": 0.5, "confidence_cue": "one source"}` + "\n"
	if _, err := store.ImportStream(context.Background(), "feed.ndjson", strings.NewReader(stream), "feed"); err != nil {
		t.Fatal(err)
	}
}

func TestAClaimShowsInEveryonesQueueWithinARefresh(t *testing.T) {
	store := openStore(t)
	alice := newTestModel(t, store, "alice", 80, 24)
	dave := newTestModel(t, store, "dave", 160, 48)
	selectKey(t, alice, "INC-2046/S3")
	press(t, alice, "c")
	if !strings.Contains(alice.status, "You hold INC-2046/S3 until 2026-11-25 09:30:00 UTC") || !strings.Contains(screen(alice), "@you") {
		t.Fatalf("alice's claim: status %q\n%s", alice.status, screen(alice))
	}
	runCmd(t, dave, dave.Refresh()) // the router's look at the store, within its interval
	text := screen(dave)
	if !strings.Contains(text, "@alice") || !strings.Contains(text, "held by alice since 2026-11-25 09:00:00 UTC · lapses in 30:00") {
		t.Errorf("dave does not see alice's claim:\n%s", text)
	}
	press(t, dave, "c")
	if !strings.Contains(dave.status, "INC-2046/S3 is held by alice since 2026-11-25 09:00:00 UTC") {
		t.Errorf("dave's claim on alice's item: %q", dave.status)
	}
	press(t, alice, "/")
	typeText(t, alice, "mine")
	press(t, alice, "enter")
	if keys(alice) != "S3" {
		t.Errorf("alice's items: %q", keys(alice))
	}
	press(t, alice, "esc", "c")
	if !strings.Contains(alice.status, "Released INC-2046/S3") {
		t.Errorf("alice's release: %q", alice.status)
	}
	runCmd(t, dave, dave.Refresh())
	if strings.Contains(screen(dave), "@alice") {
		t.Errorf("the released claim still shows")
	}
	checkFrame(t, alice.View(), 80, 24)
	checkFrame(t, dave.View(), 160, 48)
}

func TestAnItemThatExpiresOnScreenChangesInPlace(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 25, 30, 0, time.UTC)
	m := newModelWithClock(t, openStore(t), "alice", 80, 24, func() time.Time { return now })
	selectKey(t, m, "INC-2046/S6")
	if !strings.Contains(screen(m), "exp 0:30") {
		t.Errorf("no countdown for S6:\n%s", screen(m))
	}
	now = now.Add(20 * time.Second)
	drive(t, m, common.ClockMsg(now))
	if !strings.Contains(screen(m), "exp 0:10") {
		t.Errorf("the countdown did not move:\n%s", screen(m))
	}
	now = now.Add(15 * time.Second)
	drive(t, m, common.ClockMsg(now))
	if !strings.Contains(m.status, "INC-2046/S6 expired at 2026-11-25 10:26:00 UTC while on screen") {
		t.Errorf("status %q", m.status)
	}
	if !strings.Contains(screen(m), "EXPIRED") || !strings.Contains(screen(m), "may reject or defer this; it has expired") {
		t.Errorf("S6 did not change in place:\n%s", screen(m))
	}
	press(t, m, "a")
	if m.form != nil || !strings.Contains(m.status, "it has expired and can no longer be approved") {
		t.Errorf("a on an expired item: form %v, status %q", m.form != nil, m.status)
	}
	press(t, m, "r")
	if m.form == nil {
		t.Errorf("an expired item can no longer be rejected")
	}
}

func TestADecisionKeyThePolicyRefusesSaysWhy(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S3")
	press(t, m, "a")
	if m.form != nil {
		t.Fatal("tomas opened an approval of a critical action")
	}
	// The sentence names the decision pressed: "You cannot decide this"
	// read as if no key would, beside keys the line still offered.
	want := "You cannot approve this: you (tomas, medium) cannot approve or reject this: it needs two people with authority high."
	if m.status != want || !m.isError {
		t.Errorf("status %q; want %q", m.status, want)
	}
	if !strings.Contains(screen(m), "You cannot approve this") {
		t.Errorf("the footer does not say why:\n%s", screen(m))
	}
	press(t, m, "r")
	if want := "You cannot reject this: you (tomas, medium) cannot approve or reject this"; !strings.HasPrefix(m.status, want) || m.form != nil {
		t.Errorf("after r: status %q, form %v; want %q", m.status, m.form != nil, want)
	}
	stranger := newTestModel(t, openStore(t), "mallory", 80, 24)
	press(t, stranger, "d")
	if !strings.Contains(stranger.status, "you (mallory) are not a person of INC-2046") {
		t.Errorf("a stranger's d: %q", stranger.status)
	}
}

func TestEvidenceInFullAndCopiesOfItsIdHashAndURI(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 160, 48)
	selectKey(t, m, "INC-2046/S3")
	press(t, m, "e")
	text := screen(m)
	for _, want := range []string{"■ EVIDENCE of INC-2046/S3 in full", "▸ EV-1 · public-issue", "cited by the AI",
		"sha256 3818c7c9995f8560b84472106d95b40befe80cf0e0b7a9da599ed32068aaa54a",
		"uri https://github.com/mcp-tools/cloud-bridge/issues/412", "collected 2026-11-25 08:05:00 UTC by tomas"} {
		if !strings.Contains(text, want) {
			t.Errorf("the evidence view lacks %q:\n%s", want, text)
		}
	}
	term := m.Terminal.(*bytes.Buffer)
	copies := []struct {
		keys []string
		want string
	}{
		{[]string{"y", "h"}, "3818c7c9995f8560b84472106d95b40befe80cf0e0b7a9da599ed32068aaa54a"},
		{[]string{"y", "u"}, "https://github.com/mcp-tools/cloud-bridge/issues/412"},
		{[]string{"j", "y", "i"}, "EV-2"},
	}
	for _, c := range copies {
		term.Reset()
		press(t, m, c.keys...)
		if term.String() != safetext.Clipboard(safetext.Text(c.want)) {
			t.Errorf("%v wrote %q; want the OSC 52 of %q", c.keys, term.String(), c.want)
		}
	}
	if !strings.Contains(m.status, "Copied the id of EV-2") {
		t.Errorf("status %q", m.status)
	}
	term.Reset()
	press(t, m, "y", "x")
	if term.Len() != 0 || m.status != "Nothing copied." {
		t.Errorf("y then another key copied %q (status %q)", term.String(), m.status)
	}
	press(t, m, "esc", "y")
	if term.String() != safetext.Clipboard("INC-2046/S3") {
		t.Errorf("y on the list copied %q; want the item's id", term.String())
	}
	checkFrame(t, m.View(), 160, 48)
}

func TestACopyCarriesSanitisedTextOnly(t *testing.T) {
	store := openStore(t)
	feed(t, store, `{"record": "evidence", "id": "EV-9", "kind": "log", "asset": "mcp-cloud-token", "collected_at": "2026-11-25T08:06:00Z", "collected_by": "tomas", "uri": "https://x.example/\u001b]52;c;Y3VybCBldmlsfHNo\u0007\u202egnp.exe"}`)
	m := newTestModel(t, store, "alice", 160, 48)
	selectKey(t, m, "INC-2046/S3")
	press(t, m, "e", "G", "y", "u")
	out := m.Terminal.(*bytes.Buffer).String()
	payload, ok := strings.CutPrefix(out, "\x1b]52;c;")
	if !ok || !strings.HasSuffix(payload, "\x07") || strings.ContainsAny(payload[:len(payload)-1], "\x1b\x07") {
		t.Fatalf("the terminal got %q; want exactly one OSC 52 sequence", out)
	}
	copied, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(payload, "\x07"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(copied), "\x1b\x07\u202e") || !strings.Contains(string(copied), "␛") {
		t.Errorf("the clipboard got %q; want the URI with its escape and bidi characters as markers", copied)
	}
}

func TestAHandoffNoteWrittenInTheQueueHeadsItsGroup(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	press(t, m, "n")
	if !strings.Contains(screen(m), "HAND-OFF NOTE · INC-2046") || m.Unsaved() != "" {
		t.Fatalf("the note form:\n%s", screen(m))
	}
	press(t, m, "enter")
	if m.notes == nil || !strings.Contains(screen(m), "The note is empty") {
		t.Fatalf("an empty note was accepted")
	}
	typeText(t, m, "S3 needs two approvals; alice is on it")
	if m.Unsaved() != "hand-off note on INC-2046" {
		t.Errorf("unsaved %q", m.Unsaved())
	}
	press(t, m, "enter")
	if m.notes != nil || !strings.Contains(m.status, "Recorded your hand-off note on INC-2046") {
		t.Fatalf("status %q", m.status)
	}
	if !strings.Contains(screen(m), "✎ hand-off · tomas 11-25 09:00 UTC: S3 needs two approvals") {
		t.Errorf("the note does not head the group:\n%s", screen(m))
	}
	notes, err := m.Store.HandoffNotes(context.Background(), "INC-2046", 5)
	if err != nil || len(notes) != 1 || notes[0].By != "tomas" {
		t.Errorf("notes %+v, %v", notes, err)
	}
}

func TestClosingTheIncidentFromTheQueueDefersWhatIsPendingAndDropsIt(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	press(t, m, "S")
	if !strings.Contains(screen(m), "CHANGE STATUS · INC-2046 · now open (as imported)") {
		t.Fatalf("the status form:\n%s", screen(m))
	}
	press(t, m, "right", "right", "enter")
	typeText(t, m, "miner gone, token rotated")
	press(t, m, "enter")
	if !strings.Contains(screen(m), "5 suggestions are pending: decide or defer each first, or tick the box") {
		t.Fatalf("closing over pending work was not stopped:\n%s", screen(m))
	}
	press(t, m, "space", "enter")
	if !strings.Contains(screen(m), "CONFIRM: you are about to mark INC-2046 closed") {
		t.Fatalf("no confirmation:\n%s", screen(m))
	}
	press(t, m, "y", "enter")
	if m.statusForm != nil {
		t.Fatalf("the form is still open:\n%s", screen(m))
	}
	if want := "Recorded ST-1: INC-2046 is now closed (was open); 5 suggestions deferred as alice."; m.status != want {
		t.Errorf("status %q; want %q", m.status, want)
	}
	if len(m.items) != 0 {
		t.Errorf("the closed incident is still listed: %s", keys(m))
	}
	sum, err := m.Store.IncidentSummary(context.Background(), "INC-2046")
	if err != nil || sum.Status != model.StatusClosed || sum.Pending != 0 {
		t.Errorf("INC-2046 is %s with %d pending (%v)", sum.Status, sum.Pending, err)
	}
}

func TestContainingFromTheQueueKeepsTheGroup(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	press(t, m, "S")
	if !strings.Contains(screen(m), "you (tomas, medium) cannot change it: the policy lets its commander (alice) and") {
		t.Errorf("the form does not say tomas may not change the status:\n%s", screen(m))
	}
	press(t, m, "enter")
	typeText(t, m, "gateway isolated")
	press(t, m, "enter")
	if !strings.Contains(screen(m), "tomas (authority medium) cannot change the status of INC-2046") {
		t.Fatalf("tomas changed the status:\n%s", screen(m))
	}
	press(t, m, "esc")
	alice := newTestModel(t, m.Store.(*db.DB), "alice", 80, 24)
	press(t, alice, "S", "enter")
	typeText(t, alice, "gateway isolated")
	press(t, alice, "enter")
	if !strings.Contains(alice.status, "INC-2046 is now contained (was open)") || !strings.Contains(screen(alice), "▌INC-2046 · sev2 · contained · 5 pending") {
		t.Errorf("status %q:\n%s", alice.status, screen(alice))
	}
}

func TestTextReadInOneGoStaysTextInTheQueuesNewFields(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	press(t, m, "n")
	drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("watch the gateway, then delete nothing")})
	press(t, m, "enter")
	notes, err := m.Store.HandoffNotes(context.Background(), "INC-2046", 1)
	if err != nil || len(notes) != 1 || notes[0].Text != "watch the gateway, then delete nothing" {
		t.Fatalf("notes %+v, %v", notes, err)
	}
	press(t, m, "/")
	drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("tier:low")})
	press(t, m, "enter")
	if keys(m) != "S8" {
		t.Errorf("a filter typed in one read lists %q", keys(m))
	}
	press(t, m, "esc")
	drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kk")})
	if m.Selected().Suggestion != "S6" {
		t.Errorf("kk in one read, from S8, selected %s; want S6", m.Selected().Suggestion)
	}
}
