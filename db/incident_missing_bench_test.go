package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// BenchmarkIncidentLookup names an incident among 1,000 (queueBenchDB)
// as a command does (IncidentSummary): one that is stored, the hit path,
// which must not pay for look-alikes; one that reads like a stored one
// ("INC‐00500", U+2010), and one that reads like none, the miss paths,
// which read every incident id to say which it reads like.
func BenchmarkIncidentLookup(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, queueBenchDB(b, 1000, 10), fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for _, c := range []struct{ name, id, code string }{
		{"stored", "INC-00500", ""},
		{"reads-like", "INC\u201000500", model.ENOTFOUND},
		{"absent", "INC-99999", model.ENOTFOUND},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := d.IncidentSummary(ctx, c.id); model.ErrorCode(err) != c.code {
					b.Fatal(err)
				}
			}
		})
	}
}
