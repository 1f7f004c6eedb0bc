package serve

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// keyLog is a workstation that only notes the keys it is given, until it
// has been given want runes.
type keyLog struct {
	want  int
	got   int
	keys  []tea.KeyMsg
	runes strings.Builder
}

func (m *keyLog) Init() tea.Cmd { return nil }

func (m *keyLog) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyRunes {
		m.keys = append(m.keys, k)
		m.got += len(k.Runes)
		m.runes.WriteString(string(k.Runes))
		if m.got >= m.want {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *keyLog) View() string { return "" }

// readKeys runs a program reading the client's bytes as a session does,
// sent in one burst as a paste arrives, and returns the keys it was given.
func readKeys(t *testing.T, burst string, runes int) *keyLog {
	t.Helper()
	r, w := io.Pipe()
	defer w.Close()
	go w.Write([]byte(burst))
	m := &keyLog{want: runes}
	p := tea.NewProgram(m, tea.WithInput(&keyReader{r: r, act: newActivity(time.Now()), clock: time.Now}),
		tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		p.Kill()
		t.Fatalf("the program was given %d of %d runes; the rest are held by the reader", m.got, runes)
	}
	return m
}

func TestALongBurstOfInputIsReadInBoundedPieces(t *testing.T) {
	const n = 1<<16 + 100 // a short last read, so the burst ends on a boundary
	t.Run("typed text arrives as keys of a bounded size", func(t *testing.T) {
		m := readKeys(t, strings.Repeat("a", n), n)
		for _, k := range m.keys {
			if len(k.Runes) > maxInputPiece+256 {
				t.Fatalf("one key message holds %d runes; the reader let the whole burst pile up", len(k.Runes))
			}
		}
	})
	t.Run("a paste arrives whole, as pastes of a bounded size", func(t *testing.T) {
		text := strings.Repeat("pasted\r", n/7)
		m := readKeys(t, "\x1b[200~"+text+"\x1b[201~", len(text))
		for _, k := range m.keys {
			if !k.Paste || len(k.Runes) > maxInputPiece {
				t.Fatalf("a piece of the paste: paste %v, %d runes", k.Paste, len(k.Runes))
			}
		}
		if m.runes.String() != text {
			t.Errorf("the paste arrived changed: %d runes of %d", m.got, len(text))
		}
	})
	t.Run("a paste that never ends is not held whole", func(t *testing.T) {
		m := readKeys(t, "\x1b[200~"+strings.Repeat("x", n), maxInputPiece)
		if m.got < maxInputPiece {
			t.Errorf("%d runes of an endless paste reached the program", m.got)
		}
	})
}
