package db

import (
	"testing"

	"github.com/signoff/signoff/fixtures"
)

func TestEveryBundledIncidentImportsAndRoundTrips(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		for _, name := range fixtures.Incidents() {
			t.Run(name, func(t *testing.T) {
				b, err := fixtures.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				roundTrip(t, name, b)
			})
		}
	})
}
